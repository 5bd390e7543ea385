// Knowledge written once reads the same everywhere: the deadline, and text cut for the log.
import { describe, expect, it } from 'vitest';
import { progressHead } from '../cli/sheet/progress-tab.ts';
import { definitionOf, loadCampaign } from '../forms/campaign.ts';
import { formDescription } from '../forms/form-builder.ts';
import { decide } from '../functions/core/outcome.ts';
import { renderReminder } from '../functions/mail/reminder.ts';
import { sheetLayout } from '../functions/sheet/layout.ts';
import { rawJson } from '../functions/sheet/plan.ts';
import { localTime } from '../testing/mail-fixtures.ts';
import { q7, rawWith } from '../testing/submissions.ts';

/** The 2021 campaign with another deadline, as a coordinator would set one. */
function withDeadline(deadline: string) {
  return loadCampaign({ ...definitionOf(q7()), deadline });
}

/** What the sheet's "Tiến độ" says under its headline. */
function sheetLine(campaign: ReturnType<typeof q7>): string {
  const rows = progressHead(campaign, sheetLayout(campaign));
  return rows[2]?.values?.[0]?.userEnteredValue?.stringValue ?? '';
}

describe('the deadline', () => {
  it.each([
    ['2021-10-08', 'hết ngày 08/10/2021'],
    ['2021-10-08T17:00', '17:00 ngày 08/10/2021'],
  ])('%s reads "%s" in the form, the sheet and the mail alike', (deadline, words) => {
    const campaign = withDeadline(deadline);
    expect(formDescription(campaign)).toContain(`Hạn nộp: ${words}.`);
    expect(sheetLine(campaign)).toContain(`Hạn nộp: ${words}.`);
    const mail = renderReminder({
      campaign,
      unitName: 'UBND Phường Tân Phong',
      sentAt: localTime('2021-10-08T07:30'),
      link: { kind: 'bare', link: 'http://127.0.0.1/x' },
    });
    expect(mail.text).toContain(words);
    expect(sheetLine(campaign)).not.toContain(deadline);
  });
});

describe('raw answers kept in the log', () => {
  it('are cut between characters, never through an emoji', () => {
    const campaign = q7();
    // 4,999 letters then emoji: the JSON crosses the 45,000 limit inside a surrogate pair somewhere.
    const note = '😀'.repeat(2400);
    const raw = rawWith(campaign, { '1.note': note, '2.note': note, '3.note': note }, {});
    const decision = decide(
      campaign,
      'x'.repeat(40),
      { responseId: 'r', lastSubmittedTime: '2021-10-07T03:00:00Z' },
      {
        unitName: 'UBND Phường Tân Phong',
        token: 'WRONG',
        raw: { ...raw, answers: { ...raw.answers, '4.note': note.repeat(10) } },
        unknownQuestionIds: [],
      },
    );
    const json = rawJson(decision);
    expect(json.endsWith('…')).toBe(true);
    // A lone surrogate is what a UTF-16 cut leaves; Sheets shows it as "�".
    expect(json).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
  });
});
