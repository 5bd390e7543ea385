// The per-unit data as CSV for other tools: UTF-8 with BOM, RFC 4180, no cell a spreadsheet would run.
import type { Campaign } from '../../forms/campaign.ts';
import { unitCell, unitColumns } from './columns.ts';
import type { ExportData } from './read.ts';

/** Excel reads a CSV without a BOM in the machine's ANSI code page, mangling Vietnamese. */
export const BOM = '\uFEFF';

/**
 * Text a spreadsheet program would take for a formula (=, +, -, @, and tab or CR which some
 * programs strip before looking) gets a leading apostrophe, as OWASP advises for CSV injection.
 */
export function neutralize(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, inner quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  // Numbers stay plain (1500000, 2.5) so tools read them back as numbers in any locale.
  if (typeof value === 'number') return String(value);
  const safe = neutralize(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(campaign: Campaign, data: ExportData): string {
  const columns = unitColumns(campaign);
  const header = columns.map((c) => (c.kind === 'identity' ? c.header : `${c.key} (${c.header})`));
  const rows = data.units.map((unit) => columns.map((c) => unitCell(unit, c)));
  const lines = [header, ...rows].map((cells) => cells.map(csvField).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
