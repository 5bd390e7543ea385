// A sheet coordinators work in: columns found by their headings, and writes that a row inserted or a sort between sync's read and its write cannot send into a neighbour's row.
import { describe, expect, it } from 'vitest';
import { SHEET_ID, TAB } from '../functions/sheet/layout.ts';
import type { LocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { linkOf, readTab, strayRows, unitRowOf, withQuietLocal } from '../testing/local-mode.ts';
import { submit } from '../testing/respondent.ts';

const NEWS = 'Số tin, bài';
const PRINTS = 'Số quyển, tờ';

const api = (local: LocalMode) => clientFor(local.standIns.sheets.url);

/** Where a heading is now in a tab (0-based), as the coordinator sees it. */
async function columnOf(local: LocalMode, name: string, heading: string) {
  const rows = await readTab(local, name);
  const row = rows.findIndex((r) => r.includes(heading));
  return { row: row + 1, column: rows[row]?.indexOf(heading) ?? -1 };
}

async function setCell(
  local: LocalMode,
  name: string,
  row: number,
  column: number,
  value: unknown,
) {
  await api(local).spreadsheets.batchUpdate({
    spreadsheetId: local.state.spreadsheetId,
    requestBody: {
      requests: [
        {
          updateCells: {
            start: {
              sheetId: name === TAB.progress ? SHEET_ID.progress : SHEET_ID.data,
              rowIndex: row - 1,
              columnIndex: column,
            },
            rows: [
              {
                values: [
                  {
                    userEnteredValue:
                      typeof value === 'number'
                        ? { numberValue: value }
                        : { stringValue: String(value) },
                  },
                ],
              },
            ],
            fields: 'userEnteredValue',
          },
        },
      ],
    },
  });
}

const insertColumn = (sheetId: number, at: number) => ({
  insertDimension: { range: { sheetId, dimension: 'COLUMNS', startIndex: at, endIndex: at + 1 } },
});
const insertRow = (sheetId: number, at: number) => ({
  insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: at - 1, endIndex: at } },
});

describe('columns a coordinator adds to the live sheet', () => {
  it('are left alone: every figure and status lands under its own heading', async () => {
    await withQuietLocal({}, async (local) => {
      const unitId = 'p-tan-phong';
      // An STT column before everything in "Tiến độ", a notes column between two figures in "Số liệu".
      const news = await columnOf(local, TAB.data, NEWS);
      await api(local).spreadsheets.batchUpdate({
        spreadsheetId: local.state.spreadsheetId,
        requestBody: {
          requests: [
            insertColumn(SHEET_ID.progress, 0),
            insertColumn(SHEET_ID.data, news.column + 1),
          ],
        },
      });
      const head = await columnOf(local, TAB.progress, 'Mã đơn vị');
      await setCell(local, TAB.progress, head.row, 0, 'STT');
      await setCell(local, TAB.data, news.row + 1, news.column + 1, 'Ghi chú riêng');

      await submit(local.campaign, linkOf(local, unitId), {
        answers: { '2.count': '56', '3.count': '12' },
      });
      await local.runtime.sync('manual');

      const data = await unitRowOf(local, TAB.data, unitId);
      expect(data.under(NEWS)).toBe(56);
      expect(data.under(PRINTS)).toBe(12);
      expect(data.under('Ghi chú riêng') ?? '').toBe('');
      const progress = await unitRowOf(local, TAB.progress, unitId);
      expect(progress.under('Trạng thái')).toBe('Đã nộp');
      expect(progress.under('Số lần nộp')).toBe(1);
      expect(progress.under('STT') ?? '').toBe('');
    });
  }, 60_000);

  it('a heading the product needs, renamed: nothing is written, the coordinator is told, and the report is written once it is back', async () => {
    await withQuietLocal({}, async (local) => {
      const unitId = 'p-tan-kieng';
      const status = await columnOf(local, TAB.progress, 'Trạng thái');
      await setCell(local, TAB.progress, status.row, status.column, 'Tình trạng');
      await submit(local.campaign, linkOf(local, unitId), { answers: { '2.count': '7' } });

      await expect(local.runtime.sync('manual')).rejects.toThrow(/Trạng thái/);
      const alert = local.standIns.mail
        .messages()
        .find((m) => m.subject.includes('Đồng bộ') || m.text.includes('«Trạng thái»'));
      expect(alert?.text).toContain('thiếu cột «Trạng thái»');
      expect((await readTab(local, TAB.log)).length).toBe(1);
      expect((await unitRowOf(local, TAB.data, unitId)).under(NEWS) ?? '').toBe('');

      await setCell(local, TAB.progress, status.row, status.column, 'Trạng thái');
      await local.runtime.sync('manual');
      expect((await unitRowOf(local, TAB.data, unitId)).under(NEWS)).toBe(7);
      expect((await readTab(local, TAB.log)).length).toBe(2);
    });
  }, 60_000);
});

describe("a coordinator's edit between sync's read and its write", () => {
  it('a row inserted above the units: the new figures land beside their unit, the hand-typed neighbour keeps 778', async () => {
    await withQuietLocal({}, async (local) => {
      const [typed, sender] = ['p-tan-thuan-dong', 'p-tan-thuan-tay'];
      // A paper report the coordinator typed for one unit.
      const news = await columnOf(local, TAB.data, NEWS);
      const typedRow = (await readTab(local, TAB.data)).findIndex((r) => r[0] === typed) + 1;
      await setCell(local, TAB.data, typedRow, news.column, 778);
      await local.runtime.sync('manual');

      await submit(local.campaign, linkOf(local, sender), { answers: { '2.count': '56' } });
      const firstUnit = Math.min(
        (await readTab(local, TAB.data)).findIndex((r) => r[0] === typed),
        (await readTab(local, TAB.data)).findIndex((r) => r[0] === sender),
      );
      const firstProgress = (await readTab(local, TAB.progress)).findIndex((r) => r[0] === typed);
      local.standIns.sheets.beforeNextBatchUpdate(local.state.spreadsheetId, [
        insertRow(SHEET_ID.data, firstUnit + 1),
        insertRow(SHEET_ID.progress, firstProgress + 1),
      ]);
      await local.runtime.sync('manual');

      expect((await unitRowOf(local, TAB.data, typed)).under(NEWS)).toBe(778);
      expect((await unitRowOf(local, TAB.data, sender)).under(NEWS)).toBe(56);
      expect((await unitRowOf(local, TAB.progress, sender)).under('Trạng thái')).toBe('Đã nộp');
      expect((await unitRowOf(local, TAB.progress, typed)).under('Trạng thái')).toBe('Nhập tay');
      expect(await strayRows(local, TAB.data)).toEqual([]);
      expect(await strayRows(local, TAB.progress)).toEqual([]);
    });
  }, 60_000);

  it('"Tiến độ" sorted by name: each status lands on its own unit', async () => {
    await withQuietLocal({}, async (local) => {
      const senders = ['p-tan-phong', 'p-tan-quy', 'p-binh-thuan'];
      for (const [i, unitId] of senders.entries()) {
        await submit(local.campaign, linkOf(local, unitId), {
          answers: { '2.count': String(i + 1) },
        });
      }
      const rows = await readTab(local, TAB.progress);
      const header = rows.findIndex((r) => r.includes('Mã đơn vị'));
      const nameColumn = rows[header]?.indexOf('Đơn vị') ?? 1;
      const last = rows.findLastIndex((r) => typeof r[0] === 'string' && r[0].startsWith('p-'));
      local.standIns.sheets.beforeNextBatchUpdate(local.state.spreadsheetId, [
        {
          sortRange: {
            range: {
              sheetId: SHEET_ID.progress,
              startRowIndex: header + 1,
              endRowIndex: last + 1,
              startColumnIndex: 0,
              endColumnIndex: rows[header]?.length ?? 13,
            },
            sortSpecs: [{ dimensionIndex: nameColumn, sortOrder: 'DESCENDING' }],
          },
        },
      ]);
      await local.runtime.sync('manual');

      for (const u of local.campaign.units) {
        const progress = await unitRowOf(local, TAB.progress, u.id);
        expect([u.id, progress.under('Trạng thái')]).toEqual([
          u.id,
          senders.includes(u.id) ? 'Đã nộp' : 'Chưa nộp',
        ]);
      }
      for (const [i, unitId] of senders.entries()) {
        expect((await unitRowOf(local, TAB.data, unitId)).under(NEWS)).toBe(i + 1);
      }
    });
  }, 60_000);

  it('a column inserted before the figures: they land under their headings, the new column stays blank', async () => {
    await withQuietLocal({}, async (local) => {
      const unitId = 'p-tan-hung';
      await submit(local.campaign, linkOf(local, unitId), {
        answers: { '2.count': '9', '3.count': '4' },
      });
      const news = await columnOf(local, TAB.data, NEWS);
      local.standIns.sheets.beforeNextBatchUpdate(local.state.spreadsheetId, [
        insertColumn(SHEET_ID.data, news.column),
        insertColumn(SHEET_ID.progress, 1),
      ]);
      await local.runtime.sync('manual');

      const data = await unitRowOf(local, TAB.data, unitId);
      expect(data.under(NEWS)).toBe(9);
      expect(data.under(PRINTS)).toBe(4);
      expect(data.cells[news.column] ?? '').toBe('');
      const progress = await unitRowOf(local, TAB.progress, unitId);
      expect(progress.under('Trạng thái')).toBe('Đã nộp');
      expect(progress.cells[1] ?? '').toBe('');
    });
  }, 60_000);
});
