// Unit tests of the inbox pages: Vietnam time formatting, escaping, NFC UI text, phone layout.
import { describe, expect, it } from 'vitest';
import type { StoredMessage } from './message.ts';
import { formatVietnamTime, renderInboxPage, renderMessagePage } from './pages.ts';

const message: StoredMessage = {
  id: 'a"b<c',
  receivedAt: '2021-10-07T17:05:00.000Z',
  envelope: { from: 'pgd@q7.example', to: ['tanphong@q7.example'] },
  authUser: 'pgd',
  from: [{ name: 'Phòng GD&ĐT', address: 'pgd@q7.example' }],
  to: [{ name: '', address: 'tanphong@q7.example' }],
  cc: [],
  bcc: [],
  replyTo: [],
  subject: 'Nhắc nộp báo cáo "Tuần lễ" <b>',
  date: '2021-10-07T17:04:00.000Z',
  messageId: '<x@q7.example>',
  text: 'Hạn chót 08/10/2021',
  html: '<p>Hạn chót <a href="http://127.0.0.1/forms">sửa</a></p>',
  attachments: [],
  size: 2048,
  raw: '',
};

describe('inbox pages', () => {
  it('formats times as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh', () => {
    expect(formatVietnamTime('2021-10-07T17:05:00.000Z')).toBe('08/10/2021 00:05');
    expect(formatVietnamTime('2021-10-08T01:30:00Z')).toBe('08/10/2021 08:30');
    expect(formatVietnamTime('not a date')).toBe('not a date');
  });

  it('renders the list in NFC Vietnamese, escaped, phone-ready and live', () => {
    const html = renderInboxPage([message], 'rev-1');
    expect(html).toBe(html.normalize('NFC'));
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Hộp thư thử nghiệm');
    expect(html).toContain('08/10/2021 00:05');
    expect(html).toContain('Phòng GD&amp;ĐT &lt;pgd@q7.example&gt;');
    expect(html).toContain('Nhắc nộp báo cáo &quot;Tuần lễ&quot; &lt;b&gt;');
    expect(html).toContain('href="/messages/a%22b%3Cc"');
    expect(html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
    expect(html).toMatch(/@media \(max-width: 640px\)/);
    expect(html).toContain("fetch('/api/revision'");
    expect(renderInboxPage([], 'r')).toContain('Chưa có thư nào');
  });

  it('renders one message with headers, a sandboxed HTML body and the text', () => {
    const html = renderMessagePage(message);
    expect(html).toBe(html.normalize('NFC'));
    expect(html).toContain('<dt>Đăng nhập SMTP</dt><dd>pgd</dd>');
    expect(html).toContain('<dt>Kích thước</dt><dd>2 KB</dd>');
    expect(html).toMatch(/<iframe [^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"/);
    expect(html).toContain('srcdoc="&lt;!doctype html&gt;');
    expect(html).toContain('&lt;base target=&quot;_blank&quot;&gt;');
    expect(html).toContain('<pre>Hạn chót 08/10/2021</pre>');
    expect(renderMessagePage({ ...message, html: null })).toContain('không có phần HTML');
  });
});
