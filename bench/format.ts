// Formatting of the benchmark's figures and its printed table (English headings, grouped numbers).

export type Verdict = 'PASS' | 'FAIL' | '';

export interface Row {
  what: string;
  value: string;
  target?: string;
  verdict?: Verdict;
}

export interface Section {
  title: string;
  rows: Row[];
  notes?: string[];
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const twoDecimals = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

export const int = (n: number) => (Number.isFinite(n) ? grouped.format(n) : 'n/a');
export const dec1 = (n: number) => (Number.isFinite(n) ? oneDecimal.format(n) : 'n/a');
export const dec2 = (n: number) => (Number.isFinite(n) ? twoDecimals.format(n) : 'n/a');
export const ms = (n: number) => `${int(n)} ms`;
export const seconds = (msValue: number) => `${dec1(msValue / 1000)} s`;
export const mib = (bytes: number) => `${dec1(bytes / 1024 / 1024)} MiB`;
export const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'FAIL');

/** One table per section under its title, columns padded alike across sections, notes below. */
export function renderTable(sections: readonly Section[]): string {
  const header: [string, string, string, string] = ['measure', 'value', 'target', ''];
  const all = sections.flatMap((s) => s.rows);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(
      (header[i] ?? '').length,
      ...all.map((r) => [r.what, r.value, r.target ?? '', r.verdict ?? ''][i]?.length ?? 0),
    ),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const out: string[] = [];
  for (const section of sections) {
    out.push(`## ${section.title}`, line(header), rule);
    for (const r of section.rows)
      out.push(line([r.what, r.value, r.target ?? '', r.verdict ?? '']));
    for (const note of section.notes ?? []) out.push(`  · ${note}`);
    out.push('');
  }
  return out.join('\n');
}
