// The official table's columns (the plan appendix's table), as the campaign file's `table` gives them, for the sheet, the export and the mail.
import type { CampaignData, MeasureDef, Row } from '../../forms/schema.ts';

/** The quantity columns as the campaign file states them (between "Đơn vị" and "Ghi chú"). */
export type FigureColumn = CampaignData['table']['columns'][number];

/** One column of the official table, in order; `group` heads columns that share a header above. */
export type OfficialColumn =
  | { key: 'stt' | 'label' | 'unit' | 'note'; header: string; group?: string }
  | ({ key: 'figure' } & FigureColumn);

/** STT, Các hoạt động, Đơn vị, the campaign's quantity columns, Ghi chú. */
export function officialColumns(table: CampaignData['table']): OfficialColumn[] {
  return [
    { key: 'stt', header: 'STT' },
    { key: 'label', header: 'Các hoạt động' },
    { key: 'unit', header: 'Đơn vị' },
    ...table.columns.map((c) => ({ key: 'figure' as const, ...c })),
    { key: 'note', header: 'Ghi chú' },
  ];
}

/**
 * 0-based positions, for readers that address cells (the export reads "Báo cáo" back): the
 * quantity columns are `figures[0]`, `figures[1]`…, Ghi chú after the last.
 */
export function officialPositions(table: CampaignData['table']): {
  stt: number;
  label: number;
  unit: number;
  figures: number[];
  note: number;
} {
  const figures = table.columns.map((_, i) => 3 + i);
  return { stt: 0, label: 1, unit: 2, figures, note: 3 + figures.length };
}

/**
 * The two header rows as printed: a grouped column shows its group above (once, over the run it
 * spans, to be merged) and its own header below; a plain column shows its header above only.
 */
export function officialHeaderRows(columns: readonly OfficialColumn[]): [string[], string[]] {
  const top = columns.map((c, i) => {
    if (!c.group) return c.header;
    return columns[i - 1]?.group === c.group ? '' : c.group;
  });
  const bottom = columns.map((c) => (c.group ? c.header : ''));
  return [top, bottom];
}

/** The runs of grouped columns [first, last] (0-based, inclusive), to merge in the top row. */
export function officialGroupSpans(columns: readonly OfficialColumn[]): [number, number][] {
  const spans: [number, number][] = [];
  columns.forEach((c, i) => {
    const last = spans.at(-1);
    if (c.group && last && columns[i - 1]?.group === c.group) last[1] = i;
    else if (c.group) spans.push([i, i]);
  });
  return spans;
}

/**
 * The measures of a row whose figures a quantity column prints, in the column's order of kinds.
 * A unit's own table leaves out district-level measures: they are not the unit's to give.
 */
export function columnMeasures(
  row: Pick<Row, 'measures'>,
  column: Pick<FigureColumn, 'kinds'>,
  scope: 'unit' | 'district' = 'district',
): MeasureDef[] {
  return column.kinds.flatMap((kind) =>
    row.measures.filter(
      (m) => m.kind === kind && !(scope === 'unit' && m.aggregate === 'district'),
    ),
  );
}

/** A line's cells in column order. */
export function officialCells(line: {
  stt: string;
  label: string;
  unit: string;
  figures: readonly (number | null)[];
  note: string;
}): (string | number | null)[] {
  return [line.stt, line.label, line.unit, ...line.figures, line.note];
}
