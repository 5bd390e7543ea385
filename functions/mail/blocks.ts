// A tiny document model each template builds once and renders twice, so text and HTML say the same.
import {
  escapeHtml,
  escapeMultiline,
  headerSafe,
  htmlLink,
  htmlTable,
  layout,
  type TableColumn,
  type TableRow,
} from './html.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A rendered mail with its recipients: what sync, remind and the alerts hand to the mailer. */
export interface Addressed extends RenderedMail {
  to: readonly string[];
  /** What the mail is about, the same on every attempt: its Message-ID is made from it. */
  messageKey?: string;
}

/** A run of text inside a paragraph or list item; plain strings are user-safe (escaped in HTML). */
export type Inline = string | { strong: string } | { link: string; label?: string };

export interface TableColumnSpec extends TableColumn {
  /** Key columns open a row's first line in the text version; the others follow as "Header: value". */
  key?: boolean;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; parts: Inline[] }
  /** Something the reader must not miss: lateness, "not recorded". */
  | { kind: 'notice'; parts: Inline[] }
  | { kind: 'list'; ordered?: boolean; items: Inline[][] }
  | { kind: 'quote'; text: string }
  | { kind: 'table'; columns: TableColumnSpec[]; rows: TableRow[] };

const inlineText = (parts: readonly Inline[]): string =>
  parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if ('strong' in p) return p.strong;
      return p.label ? `${p.label} (${p.link})` : p.link;
    })
    .join('');

const inlineHtml = (parts: readonly Inline[]): string =>
  parts
    .map((p) => {
      if (typeof p === 'string') return escapeMultiline(p);
      if ('strong' in p) return `<strong>${escapeMultiline(p.strong)}</strong>`;
      return htmlLink(p.link, p.label ?? p.link);
    })
    .join('');

/** Continuation lines of a multi-line value keep the indentation of its first line. */
const indent = (text: string, pad: string): string => text.replace(/\n/g, `\n${pad}`);

/**
 * A table in plain text, one entry per row (columns never line up in a proportional font):
 * the key cells, then the short cells as "Header: value" on one line, then multi-line cells.
 */
function tableText(columns: readonly TableColumnSpec[], rows: readonly TableRow[]): string {
  return rows
    .map((row) => {
      const cell = (i: number) => (row.cells[i] ?? '').trim();
      const keys = columns
        .map((c, i) => (c.key ? cell(i) : ''))
        .filter(Boolean)
        .join('  ');
      const details = columns.flatMap((c, i) => (!c.key && cell(i) ? [[c.header, cell(i)]] : []));
      const short = details.filter(([, v]) => !v?.includes('\n'));
      const long = details.filter(([, v]) => v?.includes('\n'));
      return [
        `- ${indent(keys, '  ')}`,
        ...(short.length > 0 ? [`    ${short.map(([h, v]) => `${h}: ${v}`).join('; ')}`] : []),
        ...long.map(([h, v]) => `    ${h}: ${indent(v ?? '', '      ')}`),
      ].join('\n');
    })
    .join('\n');
}

export function renderText(blocks: readonly Block[]): string {
  const out = blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `${b.text}\n${'='.repeat(Math.min(Array.from(b.text).length, 60))}`;
      case 'paragraph':
        return inlineText(b.parts);
      case 'notice':
        return `(!) ${inlineText(b.parts)}`;
      case 'list':
        return b.items
          .map((item, i) => {
            const bullet = b.ordered ? `${i + 1}. ` : '- ';
            return `${bullet}${indent(inlineText(item), ' '.repeat(bullet.length))}`;
          })
          .join('\n');
      case 'quote':
        return b.text
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n');
      case 'table':
        return tableText(b.columns, b.rows);
    }
    return '';
  });
  return `${out.join('\n\n')}\n`;
}

export function renderHtml(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case 'heading':
          return `<h2 style="font-size:17px;margin:20px 0 8px">${escapeHtml(b.text)}</h2>`;
        case 'paragraph':
          return `<p style="margin:0 0 12px">${inlineHtml(b.parts)}</p>`;
        case 'notice':
          return `<p style="margin:0 0 12px;padding:8px 12px;background:#fef7e0;border-left:4px solid #f9ab00">${inlineHtml(b.parts)}</p>`;
        case 'list': {
          const tag = b.ordered ? 'ol' : 'ul';
          const items = b.items.map(
            (item) => `<li style="margin:0 0 6px">${inlineHtml(item)}</li>`,
          );
          return `<${tag} style="margin:0 0 12px;padding-left:24px">\n${items.join('\n')}\n</${tag}>`;
        }
        case 'quote':
          return `<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:4px solid #5f6368;background:#f8f9fa">${escapeMultiline(b.text)}</blockquote>`;
        case 'table':
          return htmlTable(b.columns, b.rows);
      }
      return '';
    })
    .join('\n');
}

/**
 * The finished mail. Everything is NFC (answers may arrive decomposed, and a decomposed "ồ"
 * shows as two marks in some clients); the subject is made header-safe here, for every template.
 */
export function renderMail(subject: string, blocks: readonly Block[]): RenderedMail {
  const safeSubject = headerSafe(subject);
  return {
    subject: safeSubject,
    text: renderText(blocks).normalize('NFC'),
    html: layout(safeSubject, renderHtml(blocks)).normalize('NFC'),
  };
}
