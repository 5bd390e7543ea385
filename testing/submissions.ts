// Builds raw submissions for tests: sections with answers say "Có", the others "Không".

import { loadKnownCampaign } from '../cli/campaigns.ts';
import type { Campaign } from '../forms/campaign.ts';
import type { RawSubmission } from '../functions/core/parse.ts';

export const q7 = (): Campaign => loadKnownCampaign('q7-htsd-2021');

export function rawWith(
  campaign: Campaign,
  answers: Record<string, string>,
  activities: Record<string, string> = {},
): RawSubmission {
  const sectionOf = (key: string) => key.split('.')[0] ?? key;
  const answered = new Set(Object.keys(answers).map(sectionOf));
  return {
    activities: Object.fromEntries(
      campaign.sections.map((s) => [
        s.id,
        activities[s.id] ?? (answered.has(s.id) ? 'Có' : 'Không'),
      ]),
    ),
    answers,
    contact: {
      name: 'Nguyễn Văn A',
      position: 'Phó Chủ tịch',
      phone: '0909 123 456',
      email: 'a@example.vn',
    },
  };
}
