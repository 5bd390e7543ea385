// Decides hostile submissions for the q7 campaign as sync does, and checks what comes out: placed findings, plain-value plans.
import { expect } from 'vitest';
import type { Campaign } from '../forms/campaign.ts';
import { decide, type ResponseVersion } from '../functions/core/outcome.ts';
import type { Finding, RawSubmission } from '../functions/core/parse.ts';
import { unitToken } from '../functions/core/token.ts';
import type { CellData, Request } from '../functions/sheet/cells.ts';
import type { SheetLayout } from '../functions/sheet/layout.ts';
import { parseState, type SheetState } from '../functions/sheet/state.ts';
import { isWellFormed } from './hostile-text.ts';
import { stateRangesOf } from './sheet-ranges.ts';
import { q7, rawWith } from './submissions.ts';

export const campaign = q7();
export const SECRET = 'bad-input-secret-0123456789abcdef';

function unitAt(i: number) {
  const u = campaign.units[i];
  if (!u) throw new Error('the campaign has too few units');
  return u;
}
/** Two units of the registry, to send as and to impersonate. */
export const unitA = unitAt(0);
export const unitB = unitAt(1);

/** The nth version of a response, submitted during the campaign week. */
export const version = (n: number): ResponseVersion => ({
  responseId: `r${n}`,
  lastSubmittedTime: new Date(Date.UTC(2021, 9, 6, 1, 0, n)).toISOString(),
});

/** What the Forms adapter reads from a response: the unit chosen, the code, the answers. */
export function reading(
  raw: RawSubmission,
  unitName: string | undefined,
  token: string | undefined,
) {
  return { unitName, token, raw, unknownQuestionIds: [] };
}

/** The verification code a unit's personal link carries. */
export const tokenOf = (unitId: string) => unitToken(SECRET, campaign.id, unitId);

/** Decides the nth version of a response unit A sent through its own link (its name, its code). */
export const decideFromUnitA = (raw: RawSubmission, n: number) =>
  decide(campaign, SECRET, version(n), reading(raw, unitA.name, tokenOf(unitA.id)));

/** Every finding says where: a row ("Dòng …"), a section ("Mục …"), the contact or the album. */
export function expectPlaced(f: Finding) {
  expect(f.message).toMatch(/^(Dòng \S+|Mục \S+|Thông tin đơn vị|Đường dẫn album)/);
  expect(f.message.normalize('NFC')).toBe(f.message);
  expect(isWellFormed(f.message)).toBe(true);
  expect(f.message.length).toBeLessThan(1000);
  if (f.rowId !== undefined) {
    expect(campaign.row(f.rowId) ?? campaign.section(f.rowId)).toBeDefined();
  }
}

/** A sheet state as sync would read it: every unit listed, nothing submitted yet. */
export function emptyState(c: Campaign, layout: SheetLayout): SheetState {
  const ranges = stateRangesOf(layout, {
    progress: c.units.map((u) => ({
      id: u.id,
      name: u.name,
      group: u.group,
      emails: `${u.id}@donvi.example`,
    })),
    data: c.units.map((u) => ({ id: u.id, name: u.name })),
    system: [['checkpoint', '']],
    links: c.units.map((u) => [u.id, `https://forms.example/${u.id}`]),
  });
  return parseState(c, layout, ranges);
}

export function* cellsOf(
  requests: readonly Request[],
): Generator<{ sheetId: number; cell: CellData }> {
  for (const r of requests) {
    const u = r.updateCells;
    if (!u) continue;
    for (const row of u.rows ?? []) {
      for (const cell of row.values ?? []) yield { sheetId: u.start?.sheetId ?? -1, cell };
    }
  }
}

/** planBatch writes only plain values: no request kind that could carry a formula, no formulaValue. */
export function expectNoFormula(requests: readonly Request[]) {
  for (const r of requests) {
    expect(Object.keys(r).every((k) => k === 'updateCells' || k === 'appendDimension')).toBe(true);
  }
  expect(JSON.stringify(requests)).not.toContain('formulaValue');
  for (const { cell } of cellsOf(requests)) {
    const keys = Object.keys(cell.userEnteredValue ?? {});
    expect(keys.every((k) => k === 'stringValue' || k === 'numberValue')).toBe(true);
    const s = cell.userEnteredValue?.stringValue;
    if (s !== undefined && s !== null) expect(s.length).toBeLessThanOrEqual(50_000);
  }
}

/**
 * A valid report from unit A (section 2 counted, section 11 described) with `text` typed in one
 * field: an answer key ("11.text", "1.note", "2.count"), "contact.<field>", "album", the unit name
 * chosen in the form ("unitName"), or nowhere ("respondentEmail": the caller sets it on the version).
 */
export function withPayload(field: string, text: string): { raw: RawSubmission; unitName: string } {
  const answers: Record<string, string> = { '2.count': '3', '11.text': 'Triển lãm' };
  const contact: NonNullable<RawSubmission['contact']> = { name: 'Nguyễn Văn An' };
  let albumUrl: string | undefined;
  let unitName = unitA.name;
  if (field.startsWith('contact.')) contact[field.slice(8) as 'name'] = text;
  else if (field === 'album') albumUrl = text;
  else if (field === 'unitName') unitName = text;
  else if (field !== 'respondentEmail') answers[field] = text;
  // Sections with an answer say "Có", the others "Không".
  const { activities } = rawWith(campaign, answers);
  return { raw: { activities, answers, contact, ...(albumUrl ? { albumUrl } : {}) }, unitName };
}
