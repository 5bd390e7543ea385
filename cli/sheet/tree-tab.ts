// "Theo cấp trên": each parent unit's subtotal (its own figures and every unit's below it), by formula over "Số liệu".
import type { Campaign } from '../../forms/campaign.ts';
import { unitsUnder } from '../../forms/unit-tree.ts';
import {
  empty,
  formula,
  formulaString,
  num,
  type Request,
  type RowData,
  row,
  text,
} from '../../functions/sheet/cells.ts';
import {
  columnLetter as L,
  quoteSheet,
  type SheetLayout,
  TAB,
} from '../../functions/sheet/layout.ts';

/**
 * Not one of the tabs sync reads (layout.ts's SHEET_ID): setup writes it whole on every run, so
 * it is no part of the layout version, and a sheet without it (no unit has a parent) lacks nothing.
 */
export const TREE_TAB = { sheetId: 101, title: 'Theo cấp trên' } as const;

const HEADER_ROW = 3;

/** Google Sheets holds at most 50.000 characters in a cell, a formula's text included. */
export const MAX_CELL_CHARS = 50_000;

/** The grid the tab has now, from setup's read; undefined when the sheet has no such tab. */
export interface TreeTabGrid {
  rowCount: number;
  columnCount: number;
}

/**
 * The requests that (re)write the tab from the registry: nothing for a registry without parents
 * and no tab yet. Each subtotal sums its units' rows of "Số liệu" found by id (SUMIF), so a
 * coordinator sorting "Số liệu" or typing a paper report moves nothing and is counted at once;
 * the district's TỔNG CỘNG is not touched, so no unit is counted twice there.
 */
export function treeTabRequests(
  campaign: Campaign,
  layout: SheetLayout,
  existing: TreeTabGrid | undefined,
): Request[] {
  const parents = campaign.units.filter((u) => campaign.units.some((c) => c.parent === u.id));
  if (parents.length === 0 && existing === undefined) return [];
  const d = layout.data;
  const data = quoteSheet(TAB.data);
  const first = d.firstUnitRow;
  const idRange = `${data}!$${L(d.col.id ?? 0)}$${first}:$${L(d.col.id ?? 0)}`;
  const measures = d.columns.flatMap((c, i) =>
    'measure' in c && c.measure.aggregate !== 'district' ? [{ c: c.measure, i }] : [],
  );
  /** Each parent's 1-based row in the tab. */
  const rowOf = new Map(parents.map((p, k) => [p.id, HEADER_ROW + 1 + k]));
  const rows: RowData[] = [
    row([text(`Cộng theo cấp trên – ${campaign.title}`)]),
    row([
      text(
        parents.length === 0
          ? 'Chưa có đơn vị nào có cấp trên (cột «Cấp trên» của danh sách đơn vị).'
          : 'Mỗi dòng: số liệu của đơn vị cộng với mọi đơn vị cấp dưới của nó, theo «Cấp trên» của danh sách đơn vị lúc chạy setup gần nhất; đổi cấp trên thì chạy lại setup. TỔNG CỘNG ở trang «Số liệu» không cộng các dòng này.',
      ),
    ]),
    row([
      text('Mã đơn vị'),
      text('Đơn vị'),
      text('Số đơn vị'),
      ...measures.map(({ c }) => text(`${c.row.id} ${c.row.label} – ${c.label}`)),
    ]),
    ...parents.map((p) => {
      const cells = measures.map(({ i }, m) => {
        const col = `${data}!${L(i)}$${first}:${L(i)}`;
        const own = (id: string) => `SUMIF(${idRange},${formulaString(id)},${col})`;
        // A child that is a parent itself is its subtotal's cell here: each unit's SUMIF is
        // written once in the tab, which keeps a Sở's row short (Google caps a cell at 50.000
        // characters) and a loop impossible (the registry refuses them).
        const parts = [
          own(p.id),
          ...campaign.units
            .filter((u) => u.parent === p.id)
            .map((c) => {
              const at = rowOf.get(c.id);
              return at === undefined ? own(c.id) : `${L(3 + m)}${at}`;
            }),
        ];
        return `=${parts.join('+')}`;
      });
      const head = [text(p.id), text(p.name), num(unitsUnder(campaign.units, p.id).length)];
      // Google would refuse the whole batch (setup's repair with it) over one cell too long.
      if (cells.some((f) => f.length > MAX_CELL_CHARS)) {
        const direct = campaign.units.filter((u) => u.parent === p.id).length;
        return row([
          ...head,
          text(
            `Quá nhiều đơn vị trực thuộc (${direct}) để cộng trong một ô: hãy chia thành các cấp trung gian (cột «Cấp trên») rồi chạy lại setup.`,
          ),
        ]);
      }
      return row([...head, ...cells.map((f) => formula(f))]);
    }),
  ];
  const need = { rowCount: rows.length + 20, columnCount: measures.length + 3 };
  const requests: Request[] = [];
  if (existing === undefined) {
    requests.push({
      addSheet: {
        properties: {
          sheetId: TREE_TAB.sheetId,
          title: TREE_TAB.title,
          gridProperties: { ...need, frozenRowCount: HEADER_ROW, frozenColumnCount: 2 },
        },
      },
    });
  } else {
    for (const [dimension, have, want] of [
      ['ROWS', existing.rowCount, need.rowCount],
      ['COLUMNS', existing.columnCount, need.columnCount],
    ] as const) {
      if (want > have)
        requests.push({
          appendDimension: { sheetId: TREE_TAB.sheetId, dimension, length: want - have },
        });
    }
  }
  // Google's number pattern; the spreadsheet's vi_VN locale renders it as 1.500.000.
  requests.push({
    repeatCell: {
      range: { sheetId: TREE_TAB.sheetId, startRowIndex: HEADER_ROW, startColumnIndex: 2 },
      cell: { userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern: '#,##0' } } },
      fields: 'userEnteredFormat.numberFormat',
    },
  });
  // The whole tab: rows a removed parent left behind are cleared with it.
  requests.push({
    updateCells: {
      range: { sheetId: TREE_TAB.sheetId },
      rows: rows.map((r) => ({ values: r.values ?? [empty] })),
      fields: 'userEnteredValue',
    },
  });
  return requests;
}
