// The per-unit columns the export writes (sheet "Các đơn vị" and the CSV), in "Số liệu"'s order.
import type { Campaign } from '../../forms/campaign.ts';
import { sheetLayout } from '../../functions/sheet/layout.ts';
import type { ExportUnit } from './read.ts';

export type UnitColumn =
  | { kind: 'identity'; key: 'id' | 'name' | 'group' | 'submittedAt'; header: string }
  /** `group` is the row's heading, shared by the row's measures; `header` the measure's own label. */
  | { kind: 'measure'; key: string; group: string; header: string; amount: boolean }
  | { kind: 'text'; key: string; header: string };

/** Contact details stay in the sheet: a file sent on to the city needs no phone numbers. */
export function unitColumns(campaign: Campaign): UnitColumn[] {
  const columns = sheetLayout(campaign).data.columns;
  return [
    { kind: 'identity', key: 'id', header: 'Mã đơn vị' },
    { kind: 'identity', key: 'name', header: 'Đơn vị' },
    { kind: 'identity', key: 'group', header: 'Nhóm' },
    { kind: 'identity', key: 'submittedAt', header: 'Nộp lúc' },
    ...columns.flatMap((c): UnitColumn[] =>
      'measure' in c
        ? [
            {
              kind: 'measure',
              key: c.key,
              group: `${c.measure.row.id} ${c.measure.row.label}${c.measure.asked ? '' : ' (tự tính)'}`,
              header: c.header,
              amount: c.measure.kind === 'amount',
            },
          ]
        : [],
    ),
    ...columns.flatMap((c): UnitColumn[] =>
      'text' in c ? [{ kind: 'text', key: c.key, header: c.header }] : [],
    ),
  ];
}

/** A unit's value in a column: a number, text, or null for a blank. */
export function unitCell(unit: ExportUnit, column: UnitColumn): string | number | null {
  switch (column.kind) {
    case 'identity':
      return unit[column.key];
    case 'measure':
      return unit.values[column.key] ?? null;
    case 'text':
      return unit.texts[column.key] ?? null;
  }
}
