// What sync's one read returns for a sheet laid out as setup lays it out, built from rows given by key.

import type { CellValue } from '../functions/sheet/cells.ts';
import { dataHeads, type SheetLayout } from '../functions/sheet/layout.ts';

type Cells = Record<string, CellValue>;

/** A row with each value at its column, as the layout places it. */
const place = (col: Record<string, number>, width: number, values: Cells): CellValue[] => {
  const cells: CellValue[] = Array.from({ length: width }, () => '');
  for (const [key, value] of Object.entries(values)) {
    const at = col[key];
    if (at === undefined) throw new Error(`no column ${key}`);
    cells[at] = value;
  }
  return cells;
};

/**
 * The ranges of stateRanges(): "Tiến độ" and "Số liệu" whole (titles, headers, then the rows
 * at the layout's first unit row), the log's header and rows, the system keys, the links.
 */
export function stateRangesOf(
  layout: SheetLayout,
  tabs: {
    progress?: Cells[];
    district?: Cells;
    data?: Cells[];
    log?: Cells[];
    system?: CellValue[][];
    links?: CellValue[][];
  },
): CellValue[][][] {
  const p = layout.progress;
  const d = layout.data;
  const progressHead: CellValue[][] = Array.from({ length: p.headerRow - 1 }, () => []);
  progressHead.push(p.columns.map((c) => c.header));
  const heads = dataHeads(layout);
  const dataHead: CellValue[][] = [['Số liệu'], heads.bands, heads.headers];
  while (dataHead.length < d.districtRow - 1) dataHead.push([]);
  dataHead.push(place(d.col, d.columns.length, { id: 'Cấp tổng hợp', ...tabs.district }));
  return [
    [...progressHead, ...(tabs.progress ?? []).map((v) => place(p.col, p.columns.length, v))],
    [...dataHead, ...(tabs.data ?? []).map((v) => place(d.col, d.columns.length, v))],
    [layout.log.columns.map((c) => c.header)],
    (tabs.log ?? []).map((v) => place(layout.log.col, layout.log.columns.length, v)),
    tabs.system ?? [],
    tabs.links ?? [],
  ];
}
