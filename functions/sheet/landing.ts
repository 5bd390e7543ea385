// Checks where a write's unit cells landed, from the sheet as the write left it, and plans putting back any that a coordinator's edit misdirected.

import type { sheets_v4 } from '@googleapis/sheets';
import {
  type CellData,
  type CellValue,
  cellsAt,
  empty,
  formula,
  num,
  type Request,
  rowCells,
  text,
} from './cells.ts';
import { columnIdentities, identityOf } from './headers.ts';
import {
  columnLetter,
  computedTotal,
  quoteSheet,
  SHEET_ID,
  type SheetLayout,
  TAB,
} from './layout.ts';
import type { SheetState, TabGrid } from './state.ts';

/** One cell of a unit's row that a write puts there, with what it must be found beside. */
export interface UnitCell {
  tab: 'progress' | 'data';
  unitId: string;
  /** The column's identity (columnIdentities) where it was read. */
  identity: string;
  /** 1-based row and 0-based column, as read. */
  row: number;
  column: number;
  cell: CellData;
}

const SHEET_OF = { progress: SHEET_ID.progress, data: SHEET_ID.data } as const;
const NAME_OF = { progress: TAB.progress, data: TAB.data } as const;

/** Columns taken after the id column, so the ids are still found if one is inserted before it. */
const ID_WINDOW = 3;

/**
 * What the write asks back in the same answer: each tab's header rows and a few columns from
 * its id column, whole. Small (ids and headings), and taken as the write left the sheet.
 */
export function landingRanges(state: SheetState): string[] {
  return (['progress', 'data'] as const).flatMap((tab) => {
    const g = state.tabs[tab];
    const name = quoteSheet(NAME_OF[tab]);
    const first = g.headerRows[0] ?? 1;
    const last = g.headerRows.at(-1) ?? first;
    const from = columnLetter(g.idColumn);
    const to = columnLetter(g.idColumn + ID_WINDOW - 1);
    return [`${name}!${first}:${last}`, `${name}!${from}:${to}`];
  });
}

/** Collects a unit row's cells for the write, remembering each one for the landing check. */
export class UnitWrites {
  readonly cells: UnitCell[] = [];
  constructor(private readonly state: SheetState) {}

  row(tab: 'progress' | 'data', unitId: string, row: number, cells: ReadonlyMap<number, CellData>) {
    const identities = this.state.tabs[tab].identities;
    for (const [column, cell] of cells) {
      this.cells.push({ tab, unitId, identity: identities[column] ?? '', row, column, cell });
    }
    return rowCells(tab === 'progress' ? SHEET_ID.progress : SHEET_ID.data, row, cells);
  }
}

/** A tab as the write left it: the identity of each column, and the unit id on each row. */
interface Landed {
  identities: string[];
  /** 1-based row → unit id ('' for a row without one). */
  idAt: (row: number) => string;
  rowOf: Map<string, number>;
}

type GridData = sheets_v4.Schema$GridData;

const cellValue = (cell: sheets_v4.Schema$CellData | undefined): CellValue => {
  const v = cell?.effectiveValue;
  return v?.stringValue ?? v?.numberValue ?? v?.boolValue ?? '';
};

const rowsOf = (grid: GridData | undefined): CellValue[][] =>
  (grid?.rowData ?? []).map((r) => (r.values ?? []).map(cellValue));

/** Reads the answer of a write made with landingRanges(); undefined if it lacks them. */
export function readLanding(
  state: SheetState,
  spreadsheet: sheets_v4.Schema$Spreadsheet | undefined,
): Record<'progress' | 'data', Landed> | undefined {
  const out: Partial<Record<'progress' | 'data', Landed>> = {};
  for (const tab of ['progress', 'data'] as const) {
    const g = state.tabs[tab];
    const sheet = spreadsheet?.sheets?.find((s) => s.properties?.sheetId === SHEET_OF[tab]);
    const [heads, window] = sheet?.data ?? [];
    if (!heads || !window) return undefined;
    const headRows = rowsOf(heads);
    const identities =
      tab === 'data'
        ? columnIdentities(headRows[1] ?? [], headRows[0] ?? [])
        : columnIdentities(headRows[0] ?? [], undefined);
    const idIdentity = g.identities[g.idColumn] ?? '';
    const idColumn = identities.indexOf(idIdentity);
    const offset = idColumn - g.idColumn;
    // The id column moved further than the window reaches: where the cells went is unknown.
    if (offset < 0 || offset >= ID_WINDOW) return undefined;
    const windowRows = rowsOf(window);
    const start = (window.startRow ?? 0) + 1;
    const idAt = (row: number) => {
      const v = windowRows[row - start]?.[offset];
      return v === undefined || v === null ? '' : String(v).trim();
    };
    const rowOf = new Map<string, number>();
    const firstBody = (g.headerRows.at(-1) ?? 0) + 1;
    windowRows.forEach((_, i) => {
      const row = start + i;
      const id = idAt(row);
      if (row >= firstBody && id && !rowOf.has(id)) rowOf.set(id, row);
    });
    out[tab] = { identities, idAt, rowOf };
  }
  return out as Record<'progress' | 'data', Landed>;
}

/** Cells that are not beside their unit and under their heading as the write left the sheet. */
export function misplaced(
  cells: readonly UnitCell[],
  landed: Record<'progress' | 'data', Landed>,
): UnitCell[] {
  return cells.filter((c) => {
    const l = landed[c.tab];
    return l.idAt(c.row) !== c.unitId || l.identities[c.column] !== c.identity;
  });
}

/** A value as read, written back as it was (a number stays a number, text stays text). */
const asCell = (v: CellValue): CellData =>
  typeof v === 'number'
    ? num(v)
    : v === '' || v === null || v === undefined
      ? empty
      : text(String(v));

/** What a cell of a tab held at the read, by the unit on its row and the heading over it. */
function priorValue(grid: TabGrid, unitId: string, identity: string): CellValue {
  if (!unitId) return '';
  const column = grid.identities.indexOf(identity);
  const row = grid.rowOf.get(unitId);
  if (column < 0 || row === undefined) return '';
  return grid.rows[row - 1]?.[column] ?? '';
}

/**
 * Puts back what the misdirected cells overwrote (what the read saw there, or a computed
 * column's formula, or blank for a row or column added since the read, which was blank), then
 * writes each cell beside its unit under its heading, at the positions the write left.
 */
export function planPutBack(
  layout: SheetLayout,
  state: SheetState,
  wrong: readonly UnitCell[],
  landed: Record<'progress' | 'data', Landed>,
): Request[] {
  const writes = new Map<
    string,
    { tab: 'progress' | 'data'; row: number; column: number; cell: CellData }
  >();
  const put = (tab: 'progress' | 'data', row: number, column: number, cell: CellData) =>
    writes.set(`${tab}:${row}:${column}`, { tab, row, column, cell });
  const computed = new Map(
    layout.data.columns.flatMap((c) =>
      'measure' in c && c.measure.def.sumOf
        ? [
            [
              identityOf({ key: c.key, header: c.header, band: c.band }, true),
              c.measure.def.sumOf,
            ] as const,
          ]
        : [],
    ),
  );
  const dataColumnOf = (id: string) => {
    const c = layout.data.columns.find((x) => x.key === id);
    const identity =
      c && 'band' in c ? identityOf({ key: c.key, header: c.header, band: c.band }, true) : '';
    return landed.data.identities.indexOf(identity);
  };
  for (const w of wrong) {
    const l = landed[w.tab];
    const unitId = l.idAt(w.row);
    const identity = l.identities[w.column] ?? '';
    const sumOf = w.tab === 'data' ? computed.get(identity) : undefined;
    put(
      w.tab,
      w.row,
      w.column,
      sumOf && unitId
        ? formula(`=${computedTotal(sumOf, w.row, dataColumnOf)}`)
        : asCell(priorValue(state.tabs[w.tab], unitId, identity)),
    );
  }
  for (const w of relocated(wrong, landed)) put(w.tab, w.row, w.column, w.cell);
  return [...writes.values()].map((w) => cellsAt(SHEET_OF[w.tab], w.row, w.column, [w.cell]));
}

/**
 * The cells where they belong as the write left the sheet: beside their unit, under their
 * heading. A unit row or a column removed meanwhile drops its cells: the next read says so.
 */
export function relocated(
  cells: readonly UnitCell[],
  landed: Record<'progress' | 'data', Landed>,
): UnitCell[] {
  return cells.flatMap((w) => {
    const l = landed[w.tab];
    const row = l.rowOf.get(w.unitId);
    const column = l.identities.indexOf(w.identity);
    return row !== undefined && column >= 0 ? [{ ...w, row, column }] : [];
  });
}
