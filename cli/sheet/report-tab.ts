// "Báo cáo": the plan's official table under its header block, filled by formulas from "Số liệu".

import type { Campaign } from '../../forms/campaign.ts';
import { noteId } from '../../forms/schema.ts';
import {
  columnMeasures,
  officialColumns,
  officialHeaderRows,
} from '../../functions/core/official-table.ts';
import {
  empty,
  formula,
  formulaString,
  type RowData,
  row,
  text,
} from '../../functions/sheet/cells.ts';
import {
  columnLetter as L,
  quoteSheet,
  type SheetLayout,
  TAB,
  unitColumnRange,
} from '../../functions/sheet/layout.ts';

import { countedUnits } from './progress-tab.ts';

export function reportRows(campaign: Campaign, layout: SheetLayout): RowData[] {
  const d = layout.data;
  const data = quoteSheet(TAB.data);
  const totalRef = (id: string) => {
    const col = d.col[id];
    return col === undefined ? undefined : `${data}!${L(col)}${d.totalRow}`;
  };
  // A column naming several kinds adds the row's measures of those kinds.
  const figureOf = (refs: string[]) =>
    refs.length === 0
      ? empty
      : formula(refs.length === 1 ? `=${refs[0]}` : `=SUM(${refs.join(',')})`);
  // Each note says whose it is ("UBND Phường Tân Phong: …"): one ward's sentence must not read
  // as the district's. The coordinator's own note comes first.
  const names = `${data}!${unitColumnRange(layout, d.col.name ?? 1)}`;
  const notesOf = (ids: string[]) => {
    const parts = ids.flatMap((id) => {
      const col = d.col[id];
      if (col === undefined) return [];
      const own = `${data}!${L(col)}${d.districtRow}`;
      const units = `${data}!${unitColumnRange(layout, col)}`;
      return [
        `IF(${own}="","",${formulaString(`${campaign.coordinator.name}: `)}&${own})`,
        `ARRAYFORMULA(IF(${units}="","",${names}&": "&${units}))`,
      ];
    });
    return parts.length ? formula(`=TEXTJOIN(CHAR(10),TRUE,${parts.join(',')})`) : empty;
  };
  const lines = campaign.sections.flatMap((section) =>
    section.rows.map((r, index) => {
      const has = (kind: string) => r.measures.some((m) => m.kind === kind);
      const figures = campaign.table.columns.map((column) =>
        figureOf(columnMeasures(r, column).flatMap((m) => totalRef(`${r.id}.${m.kind}`) ?? [])),
      );
      const noteIds = [
        ...(has('text') ? [`${r.id}.text`] : []),
        ...(index === 0 && section.note ? [noteId(section.id)] : []),
      ];
      return row([text(r.stt), text(r.label), text(r.unit), ...figures, notesOf(noteIds)]);
    }),
  );
  const ids = `${data}!${unitColumnRange(layout, d.col.id ?? 0)}`;
  return [
    row([text(campaign.plan.issuerHeader)]),
    row([]),
    row([text(campaign.report.title)]),
    row([text(campaign.report.subtitle)]),
    row([text(campaign.report.attachedTo)]),
    row([]),
    ...officialHeaderRows(officialColumns(campaign.table)).map((cells) =>
      row(cells.map((c) => (c ? text(c) : empty))),
    ),
    ...lines,
    row([]),
    row([empty, formula(`="Số đơn vị đã báo cáo: "&${countedUnits(layout)}&"/"&COUNTA(${ids})`)]),
  ];
}
