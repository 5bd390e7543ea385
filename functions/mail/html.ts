// Small HTML-email helpers: escaping, safe links, a table, the page layout, and safe subject lines.
import { charCount, cutText } from '../../forms/text.ts';

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Escaped text whose line breaks stay visible (notes and comments are multi-line). */
export function escapeMultiline(text: string): string {
  return escapeHtml(text).replace(/\r\n?|\n/g, '<br>');
}

/**
 * The URL when it may become a link's href: only http(s), so a `javascript:` or `data:` value
 * that reached a template by mistake is shown as text and never made clickable.
 */
export function safeHref(url: string): string | null {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : null;
}

/** A link showing its own address, so a reader can also copy it. */
export function htmlLink(url: string, text: string = url): string {
  const href = safeHref(url);
  if (href === null) return escapeHtml(text);
  return `<a href="${escapeHtml(href)}" style="color:#0b57d0;word-break:break-all">${escapeHtml(text)}</a>`;
}

export const SUBJECT_MAX = 200;

/**
 * A subject line that can never carry a second header: every control character (CR, LF, tab,
 * NEL, the Unicode line and paragraph separators) becomes a space, runs of spaces collapse, and
 * the result is cut to SUBJECT_MAX characters (code points, so no half surrogate pair).
 */
export function headerSafe(text: string): string {
  const flat = text
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return charCount(flat) <= SUBJECT_MAX ? flat : cutText(flat, SUBJECT_MAX - 1);
}

export interface TableColumn {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

export interface TableRow {
  /** Plain text; escaped here. */
  cells: readonly string[];
  /** Computed totals stand out. */
  strong?: boolean;
}

const CELL = 'border:1px solid #ccc;padding:4px 6px;vertical-align:top';

/** A bordered table that scrolls sideways on a narrow phone instead of squeezing the labels. */
export function htmlTable(columns: readonly TableColumn[], rows: readonly TableRow[]): string {
  const align = (i: number) => (columns[i]?.align === 'right' ? ';text-align:right' : '');
  const head = columns
    .map((c, i) => `<th style="${CELL};background:#f1f3f4${align(i)}">${escapeHtml(c.header)}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const weight = row.strong ? ';font-weight:bold' : '';
      const cells = columns
        .map(
          (_, i) =>
            `<td style="${CELL}${align(i)}${weight}">${escapeMultiline(row.cells[i] ?? '')}</td>`,
        )
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('\n');
  return (
    '<div style="overflow-x:auto">' +
    `<table style="border-collapse:collapse;font-size:14px;min-width:100%">` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`
  );
}

/** The whole HTML document: one narrow column, inline styles only (mail clients drop <style>). */
export function layout(title: string, bodyHtml: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background:#ffffff">',
    '<div style="max-width:680px;margin:0 auto;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#202124">',
    bodyHtml,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
