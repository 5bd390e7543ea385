// End-to-end tests of the SMTP sink: real nodemailer clients over real SMTP, then the HTTP inbox.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { afterEach, describe, expect, it } from 'vitest';
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from './sink.ts';

const sinks: SmtpSink[] = [];
const transports: { close(): void }[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function sink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  sinks.push(started);
  return started;
}

function transport(s: SmtpSink, extra: Partial<SMTPTransport.Options & SMTPPool.Options> = {}) {
  const t = nodemailer.createTransport({
    host: s.smtpHost,
    port: s.smtpPort,
    secure: false,
    ...extra,
  } as SMTPTransport.Options);
  transports.push(t);
  return t;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baocao-mail-'));
  dirs.push(dir);
  return dir;
}

const FROM = 'Phòng GD&ĐT Quận 7 <pgd@q7.example>';
const TAN_PHONG = 'tanphong@q7.example';

describe('SMTP sink', () => {
  it('keeps a Vietnamese subject, text and HTML intact (pooled transport)', async () => {
    const s = await sink();
    const t = transport(s, { pool: true, maxConnections: 1 });
    const subject = 'Biên nhận báo cáo – UBND Phường Tân Phong';
    const text = 'Kính gửi UBND Phường Tân Phong,\nTổng kinh phí: 1.500.000 đồng.';
    const html = '<p>Tổng kinh phí: <b>1.500.000 đồng</b> — Ấn phẩm, Số tập thể</p>';
    const info = await t.sendMail({
      from: FROM,
      to: `UBND Phường Tân Phong <${TAN_PHONG}>`,
      subject,
      text,
      html,
    });

    const m = await s.waitFor((x) => x.messageId === info.messageId, 2000);
    expect(m.subject).toBe(subject);
    expect(m.text.trimEnd()).toBe(text);
    expect(m.html?.trimEnd()).toBe(html);
    for (const value of [m.subject, m.text, m.html ?? '']) {
      expect(value).toBe(value.normalize('NFC'));
    }
    expect(m.from).toEqual([{ name: 'Phòng GD&ĐT Quận 7', address: 'pgd@q7.example' }]);
    expect(m.to).toEqual([{ name: 'UBND Phường Tân Phong', address: TAN_PHONG }]);
    expect(m.envelope).toEqual({ from: 'pgd@q7.example', to: [TAN_PHONG] });
    expect(m.size).toBe(Buffer.byteLength(m.raw));
    expect(m.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(Date.parse(m.receivedAt)).not.toBeNaN();
    expect(m.authUser).toBeNull();
  });

  it('lists, filters, shows, serves raw and clears over the JSON API', async () => {
    const s = await sink();
    const t = transport(s);
    await t.sendMail({ from: FROM, to: TAN_PHONG, subject: 'Thư 1', text: 'một' });
    await t.sendMail({
      from: FROM,
      to: 'thcs@q7.example',
      bcc: 'TanPhong@Q7.example',
      subject: 'Thư 2',
      text: 'hai',
    });
    await t.sendMail({ from: FROM, to: 'other@q7.example', subject: 'Thư 3', text: 'ba' });

    const all = (await (await fetch(`${s.url}/api/messages`)).json()) as {
      messages: { id: string; subject: string }[];
    };
    expect(all.messages.map((m) => m.subject)).toEqual(['Thư 3', 'Thư 2', 'Thư 1']);

    // The filter matches envelope recipients too (a Bcc), case-insensitively.
    const filtered = (await (
      await fetch(`${s.url}/api/messages?to=${encodeURIComponent(TAN_PHONG)}`)
    ).json()) as { messages: { subject: string }[] };
    expect(filtered.messages.map((m) => m.subject)).toEqual(['Thư 2', 'Thư 1']);

    const first = all.messages[2];
    if (!first) throw new Error('missing message');
    const one = await fetch(`${s.url}/api/messages/${first.id}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { text: string }).text.trim()).toBe('một');

    const raw = await fetch(`${s.url}/api/messages/${first.id}/raw`);
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await raw.text()).toMatch(/^Message-ID: </m);

    expect((await fetch(`${s.url}/api/messages/nope`)).status).toBe(404);
    expect((await fetch(`${s.url}/api/messages/%E0%A4%A/raw`)).status).toBe(404);

    expect((await fetch(`${s.url}/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(s.messages()).toHaveLength(0);
  });

  it('refuses 451 for two messages, then accepts, counting both (pooled transport)', async () => {
    const s = await sink();
    const t = transport(s, { pool: true, maxConnections: 1 });
    s.refuse({ code: 451, count: 2 });
    const send = (n: number) =>
      t.sendMail({ from: FROM, to: TAN_PHONG, subject: `Lần ${n}`, text: 'x' });

    for (const n of [1, 2]) {
      await expect(send(n)).rejects.toMatchObject({ responseCode: 451 });
    }
    await expect(send(3)).resolves.toMatchObject({ accepted: [TAN_PHONG] });
    expect(s.messages().map((m) => m.subject)).toEqual(['Lần 3']);

    const stats = await (await fetch(`${s.url}/__control/stats`)).json();
    expect(stats).toEqual({ accepted: 1, refused: 2, stored: 1, refusing: null, dailyLimit: null });
  });

  it('refuses every recipient of a transaction once, not once per recipient', async () => {
    const s = await sink();
    const t = transport(s);
    s.refuse({ code: 450, count: 1 });
    await expect(
      t.sendMail({ from: FROM, to: [TAN_PHONG, 'a@q7.example', 'b@q7.example'], text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 450 });
    await expect(t.sendMail({ from: FROM, to: TAN_PHONG, text: 'y' })).resolves.toBeDefined();
    expect(s.stats()).toMatchObject({ accepted: 1, refused: 1 });
  });

  it('refuses for a while over the HTTP control endpoint, on the sink clock', async () => {
    let clock = Date.parse('2021-10-08T01:00:00Z');
    const s = await sink({ now: () => clock });
    const t = transport(s);
    const set = await fetch(`${s.url}/__control/refuse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 452, forMs: 60_000, message: 'Hết chỗ, thử lại sau' }),
    });
    expect(set.status).toBe(200);
    const send = () => t.sendMail({ from: FROM, to: TAN_PHONG, text: 'x' });
    await expect(send()).rejects.toMatchObject({ responseCode: 452 });
    await expect(send()).rejects.toMatchObject({ responseCode: 452 });
    clock += 60_000;
    await expect(send()).resolves.toBeDefined();
    expect(s.messages()[0]?.receivedAt).toBe('2021-10-08T01:01:00.000Z');

    const bad = await fetch(`${s.url}/__control/refuse`, {
      method: 'POST',
      body: JSON.stringify({ code: 299 }),
    });
    expect(bad.status).toBe(400);
  });

  it('can refuse after DATA (550) and with 421, which closes the connection', async () => {
    const s = await sink();
    const t = transport(s);
    s.refuse({ code: 550, count: 1, stage: 'data' });
    await expect(t.sendMail({ from: FROM, to: TAN_PHONG, text: 'x' })).rejects.toMatchObject({
      responseCode: 550,
    });
    s.refuse({ code: 421, count: 1 });
    await expect(t.sendMail({ from: FROM, to: TAN_PHONG, text: 'y' })).rejects.toMatchObject({
      responseCode: 421,
    });
    await expect(t.sendMail({ from: FROM, to: TAN_PHONG, text: 'z' })).resolves.toBeDefined();
    expect(s.messages().map((m) => m.text.trim())).toEqual(['z']);
  });

  it('a pooled transport retries a 421 on a reused connection by itself', async () => {
    // nodemailer's pool treats a 421 before any DATA byte on a reused connection as the server
    // dropping an idle connection and requeues the message on a fresh one: the caller sees success.
    const s = await sink();
    const t = transport(s, { pool: true, maxConnections: 1 });
    await t.sendMail({ from: FROM, to: TAN_PHONG, text: 'first' });
    s.refuse({ code: 421, count: 1 });
    await expect(t.sendMail({ from: FROM, to: TAN_PHONG, text: 'second' })).resolves.toBeDefined();
    expect(s.stats()).toMatchObject({ accepted: 2, refused: 1 });
  });

  it('records the AUTH username (PLAIN and LOGIN) and never the password', async () => {
    const dir = tempDir();
    const s = await sink({ dataDir: dir });
    const password = 'Mật-khẩu-bí-mật-42';
    for (const method of ['PLAIN', 'LOGIN']) {
      const t = transport(s, {
        auth: { user: `pgd-q7-${method}`, pass: password },
        authMethod: method,
      });
      await t.sendMail({ from: FROM, to: TAN_PHONG, subject: method, text: 'x' });
    }
    expect(s.messages().map((m) => m.authUser)).toEqual(['pgd-q7-LOGIN', 'pgd-q7-PLAIN']);
    const everything = [
      JSON.stringify(s.messages()),
      readFileSync(join(dir, 'mail.json'), 'utf8'),
      await (await fetch(`${s.url}/api/messages`)).text(),
    ].join('\n');
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(Buffer.from(password).toString('base64'));
  });

  it('escapes an HTML-ish subject on the inbox page and sandboxes the HTML body', async () => {
    const s = await sink();
    const t = transport(s);
    await t.sendMail({
      from: FROM,
      to: TAN_PHONG,
      subject: '<script>alert(1)</script>',
      html: '<p onclick="x()">Chào</p><script>alert(2)</script>',
      text: 'Chào <b>',
    });
    const page = await fetch(`${s.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const listHtml = await page.text();
    expect(listHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(listHtml).not.toContain('<script>alert(1)');

    const id = s.messages()[0]?.id ?? '';
    const messageHtml = await (await fetch(`${s.url}/messages/${id}`)).text();
    expect(messageHtml).not.toContain('<script>alert');
    expect(messageHtml).toContain('Chào &lt;b&gt;');
    const iframe = /<iframe [^>]*>/.exec(messageHtml)?.[0] ?? '';
    expect(iframe).toMatch(/ sandbox="[^"]*"/);
    expect(iframe).not.toContain('allow-scripts');
    expect(iframe).not.toContain('allow-same-origin');
    expect(iframe).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect((await fetch(`${s.url}/messages/unknown`)).status).toBe(404);
  });

  it('keeps messages across a restart with a data folder', async () => {
    const dir = tempDir();
    const first = await startSmtpSink({ dataDir: dir });
    await transport(first).sendMail({
      from: FROM,
      to: TAN_PHONG,
      subject: 'Biên nhận báo cáo – UBND Phường Tân Phong',
      text: '1.500.000 đồng',
    });
    await first.close();

    const second = await sink({ dataDir: dir });
    expect(second.messages().map((m) => m.subject)).toEqual([
      'Biên nhận báo cáo – UBND Phường Tân Phong',
    ]);
    const page = await (await fetch(`${second.url}/`)).text();
    expect(page).toContain('Biên nhận báo cáo – UBND Phường Tân Phong');
    second.clear();
    const third = await sink({ dataDir: dir });
    expect(third.messages()).toHaveLength(0);
  });

  it('does not let a CRLF in the subject inject a Bcc header', async () => {
    const s = await sink();
    const t = transport(s);
    await t.sendMail({
      from: FROM,
      to: TAN_PHONG,
      subject: 'Báo cáo\r\nBcc: x@y.example',
      text: 'x',
    });
    const m = await s.waitFor(() => true, 1000);
    const headerBlock = m.raw.split(/\r?\n\r?\n/)[0] ?? '';
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(m.bcc).toEqual([]);
    expect(m.envelope.to).toEqual([TAN_PHONG]);
    expect(m.subject).not.toContain('\n');
  });

  it('answers 552 to a message over the size limit', async () => {
    const s = await sink({ maxSize: 2048 });
    const t = transport(s);
    await expect(
      t.sendMail({ from: FROM, to: TAN_PHONG, text: 'x'.repeat(10_000) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(s.messages()).toHaveLength(0);
  });

  it('waitFor resolves on arrival, times out otherwise, and the revision changes', async () => {
    const s = await sink();
    const before = (await (await fetch(`${s.url}/api/revision`)).json()) as { revision: string };
    const waiting = s.waitFor((m) => m.subject === 'sau', 2000);
    await transport(s).sendMail({ from: FROM, to: TAN_PHONG, subject: 'sau', text: 'x' });
    await expect(waiting).resolves.toMatchObject({ subject: 'sau' });
    const after = (await (await fetch(`${s.url}/api/revision`)).json()) as { revision: string };
    expect(after.revision).not.toBe(before.revision);
    await expect(s.waitFor((m) => m.subject === 'không bao giờ', 50)).rejects.toThrow(
      /No matching message/,
    );
  });
});
