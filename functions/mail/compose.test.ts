// Which mail a version owes carries a key that names the version, so its Message-ID is the same on every attempt.
import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import {
  campaign,
  reading,
  SECRET,
  tokenOf,
  unitA,
  unitB,
  version,
} from '../../testing/decisions.ts';
import { rawWith } from '../../testing/submissions.ts';
import { decide } from '../core/outcome.ts';
import type { RawSubmission } from '../core/parse.ts';
import { type ComposeContext, composeMail } from './compose.ts';

const ctx: ComposeContext = {
  campaign,
  unit: () => ({ emails: ['a@donvi.example'], link: 'https://forms.example/a' }),
  previous: () => null,
  hadAccepted: () => false,
};
const raw: RawSubmission = {
  activities: { '2': 'Có' },
  answers: { '2.count': '3' },
  contact: { name: 'Nguyễn Văn A', email: 'a@donvi.example' },
};
const decided = (n: number, token = tokenOf(unitA.id)) =>
  decide(campaign, SECRET, version(n), reading(raw, unitA.name, token));

describe('the key a composed mail carries', () => {
  it('is the same when the same version is composed twice, as a run after a crash does', () => {
    const first = composeMail(ctx, decided(3));
    const again = composeMail(ctx, decided(3));
    expect(first?.messageKey).toBeTruthy();
    expect(again?.messageKey).toBe(first?.messageKey);
  });

  it('differs between two versions of the same response', () => {
    expect(composeMail(ctx, decided(3))?.messageKey).not.toBe(
      composeMail(ctx, decided(4))?.messageKey,
    );
  });

  it('is carried by a verification alert too', () => {
    const alert = composeMail(ctx, decided(5, 'AAAAAAAAAAAAAAAA'));
    expect(alert?.messageKey).toBe(composeMail(ctx, decided(5, 'AAAAAAAAAAAAAAAA'))?.messageKey);
    expect(alert?.messageKey).not.toBe(
      composeMail(ctx, decided(6, 'AAAAAAAAAAAAAAAA'))?.messageKey,
    );
  });
});

describe('the receipt composed for a unit', () => {
  it('carries that unit’s previous figures, and no other unit’s', () => {
    const withPrevious = loadCampaign({
      ...definitionOf(campaign),
      previous: { title: 'năm 2020', figures: { [unitA.id]: { '2.count': 7 } } },
    });
    const compose = (unit: typeof unitA) =>
      composeMail(
        { ...ctx, campaign: withPrevious },
        decide(
          withPrevious,
          SECRET,
          version(7),
          reading(rawWith(withPrevious, { '2.count': '3' }), unit.name, tokenOf(unit.id)),
        ),
      );
    expect(compose(unitA)?.text).toContain('3 (năm trước: 7)');
    expect(compose(unitB)?.text).not.toContain('năm trước');
  });
});
