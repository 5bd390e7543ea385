// A live, phone-friendly HTML view of the stand-in's spreadsheets, so a person can watch the master sheet.
import { type Context, Hono } from 'hono';
import { html, raw } from 'hono/html';
import { googleErrorBody } from '../faults.ts';
import { htmlText, json, type NodeEnv, page } from '../http.ts';
import { columnLetters } from './a1.ts';
import { usedSize } from './grid.ts';
import { findSheetByTitle, type Json, type SheetState, type SpreadsheetState } from './model.ts';
import { readValues, renderCell, wholeSheet } from './render.ts';
import type { SheetsStore } from './store.ts';

const MAX_ROWS = 2000;

function updatedText(ss: SpreadsheetState): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };
  try {
    return new Date(ss.updatedAt).toLocaleString('vi-VN', {
      ...options,
      timeZone: ss.properties.timeZone,
    });
  } catch {
    return new Date(ss.updatedAt).toLocaleString('vi-VN', {
      ...options,
      timeZone: 'Asia/Ho_Chi_Minh',
    });
  }
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#202124;background:#fff}
header{padding:10px 12px;border-bottom:1px solid #dadce0}
h1{font-size:18px;margin:0 0 4px}
.meta{font-size:13px;color:#5f6368}
nav{display:flex;gap:4px;overflow-x:auto;padding:6px 8px;background:#f1f3f4;border-bottom:1px solid #dadce0}
nav a{white-space:nowrap;padding:6px 10px;border-radius:4px;color:#202124;text-decoration:none;font-size:14px}
nav a[aria-current=page]{background:#fff;color:#188038;font-weight:600;box-shadow:0 1px 2px #0002}
.grid{overflow:auto;max-height:calc(100vh - 110px);-webkit-overflow-scrolling:touch}
table{border-collapse:separate;border-spacing:0;font-size:13px}
td,th{border-right:1px solid #e2e3e3;border-bottom:1px solid #e2e3e3;padding:4px 6px;height:20px;white-space:nowrap;max-width:320px;overflow:hidden;text-overflow:ellipsis;background:#fff}
th{background:#f8f9fa;color:#5f6368;font-weight:500;position:sticky;top:0;z-index:2}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.rn{position:sticky;left:0;z-index:1;background:#f8f9fa;color:#5f6368;text-align:center;min-width:28px}
.c0{position:sticky;left:41px;z-index:1;box-shadow:1px 0 0 #c0c0c0}
tr.frozen td{position:sticky;z-index:1;background:#f1f8f4;font-weight:600}
tr.frozen td.rn,tr.frozen td.c0,th.rn{z-index:3}
ul{padding:12px 24px}li{margin:8px 0}
`;

function document(title: string, body: unknown, script?: unknown): string {
  // STYLE is this module's own constant; escaping it would break the CSS.
  return htmlText(
    html`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${raw(STYLE)}</style></head><body>${body}${script}</body></html>`,
  );
}

function color(value: Json | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const channel = (k: string) => Math.round((typeof value[k] === 'number' ? value[k] : 0) * 255);
  return `rgb(${channel('red')},${channel('green')},${channel('blue')})`;
}

function gridHtml(ss: SpreadsheetState, sheet: SheetState) {
  const grid = sheet.properties.gridProperties;
  const used = usedSize(sheet);
  const frozen = grid.frozenRowCount ?? 0;
  const rows = Math.min(Math.max(used.rows, frozen, 1), MAX_ROWS);
  const cols = Math.min(Math.max(used.cols, 1), grid.columnCount);
  // Column widths as the sheet sets them (pixelSize); the frozen first column never takes
  // more than 40% of a phone's width.
  const width = (c: number) => {
    const meta = sheet.columnMetadata[c];
    const px = meta && typeof meta.pixelSize === 'number' ? meta.pixelSize : 100;
    return c === 0
      ? `width:${px}px;max-width:min(${px}px,40vw)`
      : `width:${px}px;max-width:${px}px`;
  };
  const head = Array.from(
    { length: cols },
    (_, c) =>
      html`<th${c === 0 ? html` class="c0"` : ''} style="${width(c)}">${columnLetters(c)}</th>`,
  );
  const lines = [];
  for (let r = 0; r < rows; r++) {
    const cells = [html`<td class="rn">${r + 1}</td>`];
    for (let c = 0; c < cols; c++) {
      const shown = renderCell(ss, sheet, r, c, 'FORMATTED_VALUE');
      const unformatted = renderCell(ss, sheet, r, c, 'UNFORMATTED_VALUE');
      const format = sheet.rows[r]?.[c]?.userEnteredFormat;
      const styles: string[] = [width(c)];
      const bg = color(format?.backgroundColor);
      if (bg) styles.push(`background:${bg}`);
      const text = format?.textFormat;
      if (typeof text === 'object' && text !== null && !Array.isArray(text) && text.bold === true)
        styles.push('font-weight:700');
      const classes = [typeof unformatted === 'number' ? 'n' : '', c === 0 ? 'c0' : '']
        .filter(Boolean)
        .join(' ');
      cells.push(
        html`<td${classes ? html` class="${classes}"` : ''}${styles.length ? html` style="${styles.join(';')}"` : ''}>${String(shown ?? '')}</td>`,
      );
    }
    const frozenAttr = r < frozen ? html` class="frozen" style="--top:${29 + r * 29}px"` : '';
    lines.push(html`<tr${frozenAttr}>${cells}</tr>`);
  }
  return html`<div class="grid"><table><thead><tr><th class="rn"></th>${head}</tr></thead><tbody>${lines}</tbody></table></div><style>tr.frozen td{top:var(--top)}</style>`;
}

function spreadsheetPage(ss: SpreadsheetState, wanted: string | undefined): string {
  const sheets = [...ss.sheets]
    .sort((a, b) => a.properties.index - b.properties.index)
    .filter((s) => !s.properties.hidden);
  const active = (wanted ? findSheetByTitle(ss, wanted) : undefined) ?? sheets[0];
  const tabs = sheets.map(
    (s) =>
      html`<a href="?sheet=${encodeURIComponent(s.properties.title)}"${s === active ? html` aria-current="page"` : ''}>${s.properties.title}</a>`,
  );
  const body = html`<header><h1>${ss.properties.title}</h1><div class="meta">Bảng tính · Cập nhật lúc ${updatedText(ss)} · <a href="/view">Tất cả bảng tính</a></div></header><nav aria-label="Trang tính">${tabs}</nav>${active ? gridHtml(ss, active) : html`<p>Không có trang tính.</p>`}`;
  // Reloads when the revision moves; built from a number and an encoded id, nothing a user typed.
  const script = raw(
    `<script>(()=>{let rev=${ss.revision};setInterval(async()=>{try{const r=await fetch(${JSON.stringify(`/view/${encodeURIComponent(ss.spreadsheetId)}/version`)},{cache:'no-store'});const j=await r.json();if(j.revision!==rev){rev=j.revision;location.reload();}}catch{}},1000);})();</script>`,
  );
  return document(`${ss.properties.title} – Bảng tính`, body, script);
}

function listPage(store: SheetsStore): string {
  const items = store
    .list()
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .map(
      (ss) =>
        html`<li><a href="/view/${encodeURIComponent(ss.spreadsheetId)}">${ss.properties.title}</a> <span class="meta">· ${ss.sheets.length} trang tính · cập nhật lúc ${updatedText(ss)}</span></li>`,
    );
  return document(
    'Bảng tính',
    html`<header><h1>Bảng tính</h1><div class="meta">Bản chạy cục bộ của Google Trang tính</div></header><ul>${items.length > 0 ? items : html`<li>Chưa có bảng tính nào.</li>`}</ul>`,
  );
}

const notFound = (c: Context, message: string) => json(c, 404, googleErrorBody(404, message));

/** GET /view, /view/{id}, /view/{id}/version and /view/{id}/values?sheet=NAME. */
export function sheetView(store: SheetsStore) {
  const spreadsheet = (c: Context) => store.get(c.req.param('id') ?? '');
  return new Hono<NodeEnv>()
    .get('/', (c) => page(c, 200, listPage(store)))
    .get('/:id', (c) => {
      const ss = spreadsheet(c);
      if (!ss) return notFound(c, 'Requested entity was not found.');
      return page(c, 200, spreadsheetPage(ss, c.req.query('sheet')));
    })
    .get('/:id/version', (c) => {
      const ss = spreadsheet(c);
      if (!ss) return notFound(c, 'Requested entity was not found.');
      return json(c, 200, { revision: ss.revision, updatedAt: ss.updatedAt });
    })
    .get('/:id/values', (c) => {
      const ss = spreadsheet(c);
      if (!ss) return notFound(c, 'Requested entity was not found.');
      const name = c.req.query('sheet');
      const sheet = name ? findSheetByTitle(ss, name) : ss.sheets[0];
      if (!sheet) return notFound(c, `No sheet named ${name}`);
      const values = readValues(ss, wholeSheet(sheet), 'FORMATTED_VALUE');
      return json(c, 200, { sheet: sheet.properties.title, revision: ss.revision, values });
    })
    .all('*', (c) =>
      c.req.method === 'GET'
        ? notFound(c, 'Not found')
        : json(c, 405, googleErrorBody(400, 'Only GET is supported here')),
    );
}
