// The per-unit data as CSV for other tools, through the one CSV writer.
import type { Campaign } from '../../forms/campaign.ts';
import { csvText } from '../csv.ts';
import { unitCell, unitColumns } from './columns.ts';
import type { ExportData } from './read.ts';

export function toCsv(campaign: Campaign, data: ExportData): string {
  const columns = unitColumns(campaign);
  const header = columns.map((c) => (c.kind === 'identity' ? c.header : `${c.key} (${c.header})`));
  const rows = data.units.map((unit) => columns.map((c) => unitCell(unit, c)));
  return csvText([header, ...rows]);
}
