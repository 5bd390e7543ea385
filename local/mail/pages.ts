// The inbox's browser pages (Vietnamese): the message list, refreshed live, and one message.
import { html, raw } from 'hono/html';
import { htmlText } from '../http.ts';
import type { MailAddress, StoredMessage } from './message.ts';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const timeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** dd/MM/yyyy HH:mm in Vietnam's time, whatever the machine's zone (built from parts, not locale order). */
export function formatVietnamTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = timeParts.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

function formatAddress(a: MailAddress): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

function formatAddresses(list: MailAddress[]): string {
  return list.map(formatAddress).join(', ');
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString('vi-VN')} byte`;
  return `${(bytes / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB`;
}

const STYLE = `
  :root { color-scheme: light; --line: #d9dee5; --muted: #5b6675; --accent: #0b57d0; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    color: #1f2933; background: #f6f8fa; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px; }
  h1 { font-size: 1.4rem; margin: 0 0 4px; overflow-wrap: anywhere; }
  .bar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center;
    justify-content: space-between; margin-bottom: 12px; }
  .muted { color: var(--muted); }
  a { color: var(--accent); }
  button { font: inherit; padding: 6px 12px; border: 1px solid var(--line); border-radius: 6px;
    background: #fff; cursor: pointer; }
  table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
  th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line);
    vertical-align: top; overflow-wrap: anywhere; }
  th { background: #eef1f5; font-weight: 600; }
  td.time { white-space: nowrap; }
  .empty { padding: 24px; text-align: center; background: #fff; border: 1px solid var(--line); }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 12px 0;
    background: #fff; border: 1px solid var(--line); padding: 12px; }
  dt { font-weight: 600; color: var(--muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  h2 { font-size: 1.1rem; margin: 20px 0 8px; }
  iframe { width: 100%; height: min(70vh, 640px); border: 1px solid var(--line); background: #fff;
    resize: vertical; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; padding: 12px;
    border: 1px solid var(--line); margin: 0; font: 14px/1.5 ui-monospace, Consolas, monospace; }
  @media (max-width: 640px) {
    main { padding: 10px; }
    /* On a phone each message becomes a card: the table's cells stack with their labels. */
    table, tbody, tr, td { display: block; width: 100%; }
    thead { display: none; }
    tr { border-bottom: 1px solid var(--line); padding: 8px 0; }
    td { border: 0; padding: 2px 10px; }
    td::before { content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
    td.subject { font-weight: 600; }
    dl { grid-template-columns: 1fr; }
    dt { margin-top: 6px; }
  }
`;

function layout(title: string, body: unknown, script?: string): string {
  // STYLE and the script are this module's own text (the script adds only the store's generated
  // revision id); escaping them would break the CSS and the JavaScript.
  return htmlText(html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
${script ? raw(`<script>${script}</script>`) : ''}
</body>
</html>`);
}

// Polls a tiny endpoint every second and reloads only when the mailbox changed; no framework needed.
const LIVE_SCRIPT = (revision: string) => `
(() => {
  let revision = ${JSON.stringify(revision)};
  setInterval(async () => {
    try {
      const res = await fetch('/api/revision', { cache: 'no-store' });
      const body = await res.json();
      if (body.revision !== revision) location.reload();
    } catch {}
  }, 1000);
  const clear = document.getElementById('clear');
  if (clear) clear.addEventListener('click', async () => {
    if (!confirm('Xoá toàn bộ thư trong hộp thư thử nghiệm?')) return;
    await fetch('/api/messages', { method: 'DELETE' });
    location.reload();
  });
})();
`;

export function renderInboxPage(messages: StoredMessage[], revision: string): string {
  const rows = messages.map((m) => {
    const from = formatAddresses(m.from) || m.envelope.from || '';
    const to = formatAddresses([...m.to, ...m.cc]) || m.envelope.to.join(', ');
    return html`<tr>
<td class="time" data-label="Thời gian"><time datetime="${m.receivedAt}">${formatVietnamTime(m.receivedAt)}</time></td>
<td data-label="Người gửi">${from}</td>
<td data-label="Người nhận">${to}</td>
<td class="subject" data-label="Tiêu đề"><a href="/messages/${encodeURIComponent(m.id)}">${m.subject || '(không có tiêu đề)'}</a></td>
</tr>
`;
  });
  const list = messages.length
    ? html`<table>
<thead><tr><th>Thời gian</th><th>Người gửi</th><th>Người nhận</th><th>Tiêu đề</th></tr></thead>
<tbody>
${rows}</tbody>
</table>`
    : html`<p class="empty muted">Chưa có thư nào. Thư gửi tới máy chủ SMTP thử nghiệm sẽ hiện ở đây.</p>`;
  const body = html`<div class="bar">
<div><h1>Hộp thư thử nghiệm</h1>
<div class="muted">${messages.length} thư · giờ Việt Nam (GMT+7) · tự cập nhật</div></div>
${messages.length ? html`<button type="button" id="clear">Xoá tất cả</button>` : ''}
</div>
${list}`;
  return layout('Hộp thư thử nghiệm', body, LIVE_SCRIPT(revision));
}

function field(label: string, value: string | null | undefined) {
  return value
    ? html`<dt>${label}</dt><dd>${value}</dd>
`
    : '';
}

export function renderMessagePage(m: StoredMessage): string {
  const id = encodeURIComponent(m.id);
  const attachments = m.attachments
    .map((a) => `${a.filename ?? '(không tên)'} (${a.contentType}, ${formatSize(a.size)})`)
    .join('; ');
  const headers = [
    field('Từ', formatAddresses(m.from)),
    field('Đến', formatAddresses(m.to)),
    field('Cc', formatAddresses(m.cc)),
    field('Bcc', formatAddresses(m.bcc)),
    field('Trả lời tới', formatAddresses(m.replyTo)),
    field('Ngày gửi', m.date ? formatVietnamTime(m.date) : null),
    field('Nhận lúc', formatVietnamTime(m.receivedAt)),
    field('Phong bì SMTP', `${m.envelope.from ?? '<>'} → ${m.envelope.to.join(', ')}`),
    field('Đăng nhập SMTP', m.authUser),
    field('Message-ID', m.messageId),
    field('Kích thước', formatSize(m.size)),
    field('Tệp đính kèm', attachments),
  ];
  // The mail's HTML is untrusted: it goes in a sandboxed iframe without allow-scripts, so it can
  // neither run code nor reach this page. Links open in a new tab, outside the sandbox, so a
  // tester can follow a receipt's "correct your report" link.
  const content =
    m.html === null
      ? html`<p class="muted">Thư này không có phần HTML.</p>`
      : html`<iframe title="Nội dung HTML của thư" sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" srcdoc="${`<!doctype html><meta charset="utf-8"><base target="_blank">${m.html}`}"></iframe>`;
  const body = html`<p><a href="/">← Hộp thư thử nghiệm</a></p>
<h1>${m.subject || '(không có tiêu đề)'}</h1>
<dl>
${headers}</dl>
<p><a href="/api/messages/${id}/raw">Xem mã nguồn thư</a> · <a href="/api/messages/${id}">JSON</a></p>
<h2>Nội dung HTML</h2>
${content}
<h2>Nội dung văn bản</h2>
${m.text ? html`<pre>${m.text}</pre>` : html`<p class="muted">Thư này không có phần văn bản.</p>`}`;
  return layout(m.subject || 'Thư', body);
}

export function renderNotFoundPage(): string {
  return layout(
    'Không tìm thấy thư',
    html`<p><a href="/">← Hộp thư thử nghiệm</a></p><h1>Không tìm thấy thư</h1><p class="muted">Thư có thể đã bị xoá.</p>`,
  );
}
