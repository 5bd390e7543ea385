// Bad input, unknown and missing: answers to questions the campaign does not ask, and responses without unit, code or gates, are never counted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedResponseError, rawFromResponse } from '../../functions/core/answers.ts';
import { decide } from '../../functions/core/outcome.ts';
import { SHEET_ID, sheetLayout } from '../../functions/sheet/layout.ts';
import { planBatch } from '../../functions/sheet/plan.ts';
import {
  campaign,
  cellsOf,
  emptyState,
  expectNoFormula,
  expectPlaced,
  SECRET,
  tokenOf,
  unitB,
  version,
} from '../../testing/decisions.ts';
import { anyText, REPLAYABLE } from '../../testing/hostile-text.ts';

fc.configureGlobal(REPLAYABLE);

describe('responses with unknown questions or missing required answers', () => {
  it('lists unknown question ids, never counts them, and never throws on any response shape', () => {
    const unknownId = fc.stringMatching(/^[0-9a-f]{8}$/);
    fc.assert(
      fc.property(fc.dictionary(unknownId, fc.array(anyText, { maxLength: 3 })), (extra) => {
        const answers = Object.fromEntries(
          Object.entries(extra).map(([id, values]) => [
            id,
            { questionId: id, textAnswers: { answers: values.map((value) => ({ value })) } },
          ]),
        );
        const r = rawFromResponse(campaign, { responseId: 'r', answers });
        expect([...r.unknownQuestionIds].sort()).toEqual(
          Object.keys(extra)
            .map((k) => k.toLowerCase())
            .sort(),
        );
        expect(r.raw.answers).toEqual({});
        const d = decide(campaign, SECRET, version(7), r);
        expect(d.outcome.kind).toBe('awaiting');
        for (const v of Object.values(d.outcome.checked.report.values))
          expect(v === 0 || v === null).toBe(true);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        try {
          rawFromResponse(campaign, junk);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedResponseError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('holds a response without unit or code, refuses one without gates with a message per section, and counts none', () => {
    const layout = sheetLayout(campaign);
    const state = emptyState(campaign, layout);
    const empty = rawFromResponse(campaign, { responseId: 'empty' });
    const noUnit = decide(campaign, SECRET, version(8), empty);
    expect(noUnit.outcome).toMatchObject({ kind: 'awaiting', reason: 'unknown-unit' });
    const noToken = decide(campaign, SECRET, version(9), { ...empty, unitName: unitB.name });
    expect(noToken.outcome).toMatchObject({ kind: 'awaiting', reason: 'token-mismatch' });
    const noGates = decide(campaign, SECRET, version(10), {
      ...empty,
      unitName: unitB.name,
      token: tokenOf(unitB.id),
    });
    expect(noGates.outcome.kind).toBe('rejected');
    const messages = noGates.outcome.checked.errors.map((e) => e.message);
    expect(messages).toHaveLength(campaign.sections.length);
    for (const e of noGates.outcome.checked.errors) expectPlaced(e);
    expect(messages[0]).toMatch(/^Mục 1 .*chưa chọn "Có" hoặc "Không"/);

    const plan = planBatch(
      campaign,
      layout,
      state,
      [noUnit, noToken, noGates],
      undefined,
      new Date(),
      'b',
    );
    expectNoFormula(plan.requests);
    // Nothing lands in "Số liệu": none of them is counted.
    expect([...cellsOf(plan.requests)].filter((c) => c.sheetId === SHEET_ID.data)).toEqual([]);
    expect(plan.acceptedUnits).toEqual([]);
    expect(plan.logs).toHaveLength(3);
  });
});
