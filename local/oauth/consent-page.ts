// The stand-in's Vietnamese pages: the consent screen (a box per scope, as Google's granular consent) with "Cho phép" / "Từ chối", and its error page.
import { html } from 'hono/html';
import { htmlText } from '../http.ts';

/** What each scope lets the CLI do, as Google's consent screen says it (in Vietnamese). */
const SCOPE_TEXT: Record<string, string> = {
  'https://www.googleapis.com/auth/spreadsheets':
    'Xem, chỉnh sửa, tạo và xóa tất cả bảng tính Google Trang tính của bạn',
  'https://www.googleapis.com/auth/forms.body':
    'Xem, chỉnh sửa, tạo và xóa tất cả biểu mẫu Google Biểu mẫu của bạn',
  'https://www.googleapis.com/auth/forms.responses.readonly':
    'Xem tất cả câu trả lời cho biểu mẫu Google Biểu mẫu của bạn',
  'https://www.googleapis.com/auth/drive.file':
    'Xem, chỉnh sửa, tạo và xóa chỉ những tệp Google Drive cụ thể mà bạn dùng với ứng dụng này',
};

const STYLE = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#202124}
ul{padding-left:1.2rem}li{margin:.4rem 0}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border-radius:4px;border:1px solid #dadce0;background:#fff}
button.allow{background:#1a73e8;color:#fff;border-color:#1a73e8}.note{color:#5f6368;font-size:.9rem}`;

export function consentPage(request: { id: string; clientName: string; scopes: string[] }): string {
  return htmlText(html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập — Tài khoản Google (chạy thử)</title><style>${STYLE}</style></head>
<body>
<h1>${request.clientName} muốn truy cập vào Tài khoản Google của bạn</h1>
<p>Thao tác này sẽ cho phép ${request.clientName}:</p>
<form method="post" action="/authorize/decision">
<ul>${request.scopes.map(
    (s) =>
      html`<li><label><input type="checkbox" name="scope" value="${s}" checked> ${SCOPE_TEXT[s] ?? s}</label></li>`,
  )}</ul>
<p class="note">Đây là máy chủ đăng nhập chạy thử trên máy (không phải Google).</p>
<input type="hidden" name="request" value="${request.id}">
<div class="actions">
<button type="submit" name="decision" value="deny">Từ chối</button>
<button type="submit" name="decision" value="allow" class="allow">Cho phép</button>
</div>
</form>
</body></html>`);
}

/** Google shows an error page, never a redirect, when the client or the redirect is wrong. */
export function errorPage(code: string, detail: string): string {
  return htmlText(html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Lỗi đăng nhập</title><style>${STYLE}</style></head>
<body><h1>Không thể đăng nhập</h1><p>Lỗi: ${code}</p><p>${detail}</p></body></html>`);
}
