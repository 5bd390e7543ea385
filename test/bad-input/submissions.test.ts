// Bad input, whole submissions: random answers in every field are parsed and checked without a throw, each finding placed, nothing with an error counted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUsableEmail } from '../../forms/email.ts';
import { noteId } from '../../forms/schema.ts';
import { checkSubmission } from '../../functions/core/check.ts';
import { MAX_VALUE } from '../../functions/core/numbers.ts';
import { parseSubmission, type RawSubmission } from '../../functions/core/parse.ts';
import { campaign, decideFromUnitA, expectPlaced } from '../../testing/decisions.ts';
import {
  anyText,
  huge,
  negative,
  numberish,
  payload,
  REPLAYABLE,
} from '../../testing/hostile-text.ts';

fc.configureGlobal(REPLAYABLE);

/** Answers to a section's Có/Không question: the two choices, their variants, and junk. */
const GATES = [
  'Có',
  'Không',
  'có',
  'KHÔNG',
  'Co',
  'khong',
  '',
  'Có'.normalize('NFD'),
  ' Có\u200b ',
  'x',
  'yes',
  'Có thể',
  '=1+1',
];

/** What lands in an answer field: number-like text, any text, payloads, plain numbers, nothing. */
const answerText = fc.oneof(
  numberish,
  anyText,
  huge,
  negative,
  payload,
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.constant(''),
);

/** A whole response: any gate, answer, unknown key (even "__proto__"), contact and album. */
const rawSubmission: fc.Arbitrary<RawSubmission> = fc.record({
  activities: fc.record(
    Object.fromEntries(
      campaign.sections.map((s) => [s.id, fc.oneof(fc.constantFrom(...GATES), anyText)]),
    ),
    { requiredKeys: [] },
  ),
  answers: fc
    .tuple(
      fc.record(
        Object.fromEntries(
          [
            ...campaign.askedMeasures.map((m) => m.id),
            ...campaign.sections.filter((s) => s.note).map((s) => noteId(s.id)),
          ].map((k) => [k, answerText]),
        ),
        { requiredKeys: [] },
      ),
      fc.dictionary(
        fc.constantFrom('99.count', '1.count', 'x', '__proto__', 'constructor'),
        anyText,
      ),
    )
    .map(([known, unknown]) => ({ ...unknown, ...known })),
  contact: fc.record(
    { name: anyText, position: anyText, phone: payload, email: anyText },
    { requiredKeys: [] },
  ),
  albumUrl: fc.option(fc.oneof(anyText, payload, fc.webUrl()), { nil: undefined }),
});

describe('parseSubmission and checkSubmission over random answers', () => {
  it('never throw; every finding names its row, section, contact or album; values are safe integers or blank', () => {
    fc.assert(
      fc.property(rawSubmission, (raw) => {
        const { report, findings, ignored } = parseSubmission(campaign, raw);
        const checked = checkSubmission(campaign, raw);
        for (const f of [...findings, ...checked.errors, ...checked.warnings]) expectPlaced(f);
        for (const [id, v] of Object.entries(report.values)) {
          expect(campaign.measure(id)?.asked).toBe(true);
          if (v !== null) {
            expect(Number.isSafeInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(MAX_VALUE);
          }
        }
        // Unknown keys are reported, never counted.
        for (const k of ignored) expect(Object.hasOwn(report.values, k)).toBe(false);
        for (const k of ['99.count', '1.count', 'x']) {
          if (k in raw.answers) expect(ignored).toContain(k);
        }
        expect(report.contact.email === null || isUsableEmail(report.contact.email)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('quotes long or odd answers in short, well-formed pieces (gate, email, album)', () => {
    const emoji = `${'a'.repeat(59)}😀@x.example`;
    const { findings } = parseSubmission(campaign, {
      activities: { '1': `${'Có thể '.repeat(100_000)}😀`, '2': `${'x'.repeat(39)}😀` },
      answers: {},
      contact: { email: emoji },
      albumUrl: `${'b'.repeat(59)}😀 không phải link`,
    });
    expect(findings.length).toBeGreaterThanOrEqual(4);
    for (const f of findings) expectPlaced(f);
  });

  it('accepts nothing that has an error: a verified unit is accepted exactly when there is no error', () => {
    fc.assert(
      fc.property(rawSubmission, (raw) => {
        const d = decideFromUnitA(raw, 1);
        const o = d.outcome;
        expect(o.kind === 'accepted' || o.kind === 'rejected').toBe(true);
        if (o.kind === 'accepted' || o.kind === 'rejected') {
          expect(o.kind === 'accepted').toBe(o.checked.errors.length === 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
