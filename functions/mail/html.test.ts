import { describe, expect, it } from 'vitest';
import { escapeHtml, headerSafe, htmlLink, htmlTable, SUBJECT_MAX, safeHref } from './html.ts';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['=IMPORTXML("http://x","//a")', '=IMPORTXML(&quot;http://x&quot;,&quot;//a&quot;)'],
    ["Trường 'A' & B", 'Trường &#39;A&#39; &amp; B'],
    ['&lt; stays literal', '&amp;lt; stays literal'],
  ])('escapes %j', (raw, escaped) => {
    expect(escapeHtml(raw)).toBe(escaped);
  });
});

describe('headerSafe', () => {
  it.each([
    ['CRLF and a Bcc', 'UBND Phường\r\nBcc: x@evil.vn', 'UBND Phường Bcc: x@evil.vn'],
    ['bare LF and CR', 'a\nb\rc', 'a b c'],
    ['tabs and NUL', 'a\t\u0000b', 'a b'],
    ['NEL and Unicode line separators', 'a\u0085b\u2028c\u2029d', 'a b c d'],
    ['surrounding and repeated spaces', '  a   b  ', 'a b'],
    ['decomposed Vietnamese', 'Phường Tân Phong'.normalize('NFD'), 'Phường Tân Phong'],
  ])('%s', (_, raw, safe) => {
    expect(headerSafe(raw)).toBe(safe);
  });

  it('cuts long subjects to at most 200 characters without splitting a character', () => {
    const long = `${'Đ'.repeat(150)}${'😀'.repeat(100)}`;
    const safe = headerSafe(long);
    expect(Array.from(safe).length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(safe.endsWith('…')).toBe(true);
    expect(safe).toBe(safe.normalize('NFC'));
    expect(safe).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('links', () => {
  it.each([
    ['http://127.0.0.1:8080/f?entry.1=a&entry.2=b', true],
    ['https://docs.google.com/forms/d/e/x/viewform', true],
    ['javascript:alert(1)', false],
    ['data:text/html,<b>x</b>', false],
    ['https://x.vn/"onmouseover="alert(1)', false],
  ])('%s may be an href: %s', (url, ok) => {
    expect(safeHref(url) !== null).toBe(ok);
  });

  it('escapes the href and shows an unsafe address as text only', () => {
    expect(htmlLink('http://x.vn/?a=1&b=2')).toBe(
      '<a href="http://x.vn/?a=1&amp;b=2" style="color:#0b57d0;word-break:break-all">http://x.vn/?a=1&amp;b=2</a>',
    );
    expect(htmlLink('javascript:alert(1)')).toBe('javascript:alert(1)');
  });
});

describe('htmlTable', () => {
  it('escapes headers and cells and keeps line breaks in a cell', () => {
    const html = htmlTable(
      [{ header: '<Tên>' }, { header: 'Số', align: 'right' }],
      [{ cells: ['<b>x</b>\ny', '1.500.000'], strong: true }],
    );
    expect(html).toContain('&lt;Tên&gt;');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;<br>y');
    expect(html).not.toContain('<b>');
    expect(html).toContain('text-align:right;font-weight:bold">1.500.000</td>');
  });
});
