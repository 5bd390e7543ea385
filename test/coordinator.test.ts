import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { messageIdFor } from '../functions/platform/mailer.ts';
import { columnLetter, quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'baocao-coord-'));
let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({ dataDir, sync: { burst: 100, refillMs: 0 }, log: memoryLogger() });
  const link = (id: string) => local.endpoints.links.find((l) => l.unitId === id)?.link ?? '';
  await submit(local.campaign, link('p-tan-phong'), { answers: { '2.count': '4' } });
  await submit(local.campaign, link('p-tan-kieng'), {
    answers: { '1.1.count': 'hai', '1.1.people': '20' },
  });
  await local.standIns.forms.flushDeliveries();
  await local.runtime.sync('manual');
  // A coordinator has no email for one unit yet: it must be listed, not mailed.
  await setProgressCell('phong-noi-vu', 'emails', '');
});
afterAll(async () => {
  await local.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = () => clientFor(local.standIns.sheets.url);

async function progressRows() {
  const res = await api().spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(TAB.progress),
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  return (res.data.values ?? []) as string[][];
}

async function setProgressCell(
  unitId: string,
  key: keyof ReturnType<typeof sheetLayout>['progress']['col'],
  value: string,
) {
  const layout = sheetLayout(local.campaign);
  const row = (await progressRows()).findIndex((r) => r[0] === unitId) + 1;
  await api().spreadsheets.values.update({
    spreadsheetId: local.state.spreadsheetId,
    range: `${quoteSheet(TAB.progress)}!${columnLetter(layout.progress.col[key])}${row}`,
    valueInputOption: 'RAW',
    requestBody: { values: [[value]] },
  });
}

const mails = () => local.standIns.mail.messages();
const to = (address: string) => mails().filter((m) => m.envelope.to.includes(address));
const unitMail = (id: string) => `${id}@donvi.example`;

function capture() {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { out, text: () => text };
}

describe('reminders', () => {
  const slot = 'truoc-han-2-ngay@2021-10-06';

  it('--dry-run shows who would get what and sends nothing', async () => {
    const before = mails().length;
    const report = await local.runtime.remind({ slotId: slot, dryRun: true });
    expect(report.reminders.map((r) => r.unitId)).not.toContain('p-tan-phong');
    expect(report.reminders.map((r) => r.unitId)).toContain('p-tan-kieng');
    expect(report.withoutEmail).toEqual(['Phòng Nội vụ quận']);
    expect(mails().length).toBe(before);
  });

  it('mails only units that have not reported, with the days left on sending, the link and the deadline', async () => {
    const report = await local.runtime.remind({ slotId: slot, dryRun: false });
    const expected = local.campaign.units.length - 1 - 1; // Tân Phong reported; Phòng Nội vụ has no email
    expect(report.sent).toBe(expected);
    expect(to(unitMail('p-tan-phong')).filter((m) => m.subject.includes('Nhắc'))).toHaveLength(0);
    const reminder = to(unitMail('p-phu-my'))[0];
    expect(reminder?.subject).toMatch(/sắp đến hạn/);
    // The 06/10 slot goes out on the rehearsal's 07/10: one day left, not the slot's two.
    expect(reminder?.text).toContain('hạn nộp là hết ngày 08/10/2021 (còn 1 ngày)');
    expect(reminder?.text).toContain(
      local.endpoints.links.find((l) => l.unitId === 'p-phu-my')?.link ?? 'x',
    );
    expect(reminder?.text).toContain('pgd7@moet.edu.vn');
  });

  it('names what to fix in the reminder of a unit whose last report was rejected', () => {
    const reminder = to(unitMail('p-tan-kieng')).find((m) => /sắp đến hạn/.test(m.subject));
    expect(reminder?.text).toContain('Bạn đã nhập "hai"');
  });

  it('gives each reminder a Message-ID made from its slot and unit, so a retried run’s duplicate is one message', () => {
    const reminderOf = (id: string) => to(unitMail(id)).find((m) => /sắp đến hạn/.test(m.subject));
    const phuMy = reminderOf('p-phu-my');
    const from = phuMy?.from[0]?.address ?? '';
    expect(phuMy?.messageId).toBe(messageIdFor(`reminder:${slot}:p-phu-my`, from));
    expect(reminderOf('p-tan-kieng')?.messageId).toBe(
      messageIdFor(`reminder:${slot}:p-tan-kieng`, from),
    );
  });

  it('sends the digest once, with counts matching "Tiến độ"', async () => {
    const digests = to('pgd7@moet.edu.vn').filter((m) => m.subject.startsWith('Tiến độ báo cáo'));
    expect(digests).toHaveLength(1);
    const rows = (await progressRows()).slice(
      sheetLayout(local.campaign).progress.firstUnitRow - 1,
    );
    const reported = rows.filter(
      (r) => r[sheetLayout(local.campaign).progress.col.acceptedAt],
    ).length;
    expect(reported).toBe(1);
    expect(digests[0]?.text).toContain(`Đã nộp ${reported}/${rows.length}`);
    expect(digests[0]?.text).toContain('Phòng Nội vụ quận');
  });

  it('sends nothing new when called again for the same slot', async () => {
    const before = mails().length;
    const again = await local.runtime.remind({ slotId: slot, dryRun: false });
    expect(again.sent).toBe(0);
    expect(again.digest).toBe('already-sent');
    expect(mails().length).toBe(before);
  });

  it('says how many days overdue, counted from the day it is sent', async () => {
    const realNow = Date.now;
    // The rehearsal clock moves from 07/10 09:00 to 10/10 09:00: "qua-han" is its 10/10 slot.
    Date.now = () => realNow() + 3 * 24 * 3600_000;
    try {
      const report = await local.runtime.remind({ slotId: 'qua-han', dryRun: false });
      expect(report.slot?.id).toBe('qua-han@2021-10-10');
    } finally {
      Date.now = realNow;
    }
    const overdue = to(unitMail('p-phu-my')).find((m) => /quá hạn/.test(m.subject));
    expect(overdue?.subject).toContain('đã quá hạn 2 ngày');
  });
});

describe('send back with a comment', () => {
  it("mails the unit the coordinator's comment once and shows it in the status", async () => {
    await setProgressCell('p-tan-phong', 'review', 'Yêu cầu sửa');
    await setProgressCell(
      'p-tan-phong',
      'comment',
      'Số tin bài chưa khớp với báo cáo giấy, đề nghị kiểm tra lại.',
    );
    await local.runtime.sync('manual');
    await local.runtime.sync('manual');
    const sentBack = to(unitMail('p-tan-phong')).filter((m) =>
      m.text.includes('Số tin bài chưa khớp'),
    );
    expect(sentBack).toHaveLength(1);
    const layout = sheetLayout(local.campaign);
    const row = (await progressRows()).find((r) => r[0] === 'p-tan-phong') ?? [];
    expect(row[layout.progress.col.status]).toBe('Cần sửa');
    expect(String(row[layout.progress.col.sentBack])).toMatch(/^Đã gửi /);
  });
});

describe('watch renewal', () => {
  it('recreates a watch that expired', async () => {
    const realNow = Date.now;
    Date.now = () => realNow() + 8 * 24 * 3600 * 1000;
    try {
      expect(local.standIns.forms.watches(local.state.formId).every((w) => w.expired)).toBe(true);
      const result = await local.runtime.renewWatch();
      expect(result.ok && result.action).toBe('created');
      expect(
        local.standIns.forms.watches(local.state.formId).filter((w) => !w.expired),
      ).toHaveLength(1);
    } finally {
      Date.now = realNow;
    }
  });
});

describe('the baocao command on local mode', () => {
  it('status prints the table and exits non-zero while units have not reported', async () => {
    const { out, text } = capture();
    const code = await main(['status', '--local', dataDir], {}, out);
    expect(code).toBe(3);
    expect(text()).toContain(`Đã nộp 1/${local.campaign.units.length} đơn vị`);
    expect(text()).toContain('UBND Phường Tân Phong');
  });

  it('status --json is machine-readable', async () => {
    const { out, text } = capture();
    await main(['status', '--json', '--local', dataDir], {}, out);
    const json = JSON.parse(text()) as {
      reported: number;
      units: { id: string; status: string }[];
    };
    expect(json.reported).toBe(1);
    expect(json.units.find((u) => u.id === 'p-tan-kieng')?.status).toBe('Cần sửa');
  });

  it('remind --dry-run lists who would be reminded', async () => {
    const { out, text } = capture();
    const code = await main(
      ['remind', '--dry-run', '--slot', 'sang-ngay-het-han@2021-10-08', '--local', dataDir],
      {},
      out,
    );
    expect(code).toBe(0);
    expect(text()).toContain('UBND Phường Phú Mỹ → p-phu-my@donvi.example');
    expect(text()).toContain('Sẽ gửi');
  });

  it('remind without --slot picks the slot due on the rehearsal clock (07/10/2021), not today', async () => {
    const { out, text } = capture();
    const code = await main(['remind', '--dry-run', '--local', dataDir], {}, out);
    expect(code).toBe(0);
    expect(text()).toContain('Mốc nhắc: truoc-han-2-ngay@2021-10-06 (08:00 ngày 06/10/2021)');
    expect(text()).not.toContain('qua-han');
  });

  it('digest is dated with the rehearsal clock', async () => {
    const { out } = capture();
    const digests = () => to('pgd7@moet.edu.vn').filter((m) => m.subject.startsWith('Tiến độ'));
    const before = digests().length;
    expect(await main(['digest', '--local', dataDir], {}, out)).toBe(0);
    expect(digests()).toHaveLength(before + 1);
    const digest = digests()[0]; // the inbox lists newest first
    expect(digest?.text).toMatch(/tính đến \d\d:\d\d ngày 07\/10\/2021/);
  });

  it('remind --slot takes a reminder id from the definition: its slot due on the rehearsal clock', async () => {
    const { out, text } = capture();
    const code = await main(
      ['remind', '--dry-run', '--slot', 'truoc-han-2-ngay', '--local', dataDir],
      {},
      out,
    );
    expect(code).toBe(0);
    expect(text()).toContain('Mốc nhắc: truoc-han-2-ngay@2021-10-06 (08:00 ngày 06/10/2021)');
  });

  it('remind --slot with an id the campaign does not have lists the valid ones and exits 2', async () => {
    const { out, text } = capture();
    const before = mails().length;
    const code = await main(['remind', '--slot', 'nhac-lai', '--local', dataDir], {}, out);
    expect(code).toBe(2);
    expect(text()).toContain('Không có mốc nhắc "nhac-lai"');
    expect(text()).toContain('  truoc-han-2-ngay (08:00 ngày 06/10/2021)');
    expect(text()).toContain('  sang-ngay-het-han (07:30 ngày 08/10/2021)');
    expect(text()).toContain('  qua-han (08:00 hằng ngày từ 09/10/2021 đến 15/10/2021)');
    expect(text()).toContain('  qua-han@2021-10-15 (08:00 ngày 15/10/2021)');
    expect(text().normalize('NFC')).toBe(text());
    expect(mails().length).toBe(before);
  });

  it("links --csv prints every unit's personal link, in a file Excel opens with its Vietnamese intact", async () => {
    const { out, text } = capture();
    await main(['links', '--csv', '--local', dataDir], {}, out);
    // Without the BOM, Excel reads the file in the machine's ANSI code page: "PhÆ°á»ng".
    expect(text().startsWith('\uFEFFMã đơn vị,Tên đơn vị,Đường link riêng\r\n')).toBe(true);
    const lines = text().trim().split('\r\n');
    expect(lines).toHaveLength(local.campaign.units.length + 1);
    expect(lines).toContain(
      `p-tan-phong,UBND Phường Tân Phong,${local.endpoints.links.find((l) => l.unitId === 'p-tan-phong')?.link}`,
    );
  });
});

describe('the deployed remind function', () => {
  async function call(query: string) {
    const server = getTestServer('remind');
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/?${query}`, { method: 'POST' });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }

  it('takes ?slot= as a reminder id or a slot id', async () => {
    const bare = await call('slot=sang-ngay-het-han&dryRun=1');
    expect(bare.status).toBe(200);
    expect((bare.body.slot as { id: string }).id).toBe('sang-ngay-het-han@2021-10-08');
    const full = await call('slot=qua-han%402021-10-12&dryRun=1');
    expect((full.body.slot as { id: string }).id).toBe('qua-han@2021-10-12');
  });

  it('answers 400 with the valid ids for a slot it does not know, and sends nothing', async () => {
    const before = mails().length;
    const res = await call('slot=nhac-lai');
    expect(res.status).toBe(400);
    expect(res.body.validSlotIds).toContain('qua-han');
    expect(res.body.validSlotIds).toContain('truoc-han-2-ngay@2021-10-06');
    expect(mails().length).toBe(before);
  });
});

describe('baocao export', () => {
  it('writes the official XLSX, its PDF and a CSV from the live sheet', async () => {
    const out = join(dataDir, 'export');
    const { out: stream, text } = capture();
    const code = await main(['export', '--out', out, '--local', dataDir], {}, stream);
    expect(code).toBe(0);
    expect(text()).toMatch(/\.xlsx/);
    const { readdirSync } = await import('node:fs');
    expect(
      readdirSync(out)
        .sort()
        .map((f) => f.replace(/\d{8}-\d{4}/, 'T')),
    ).toEqual([
      'q7-htsd-2021-tong-hop-T.csv',
      // Headless LibreOffice prints it (.ci/run installs it; test/export-print.test.ts reads it).
      'q7-htsd-2021-tong-hop-T.pdf',
      'q7-htsd-2021-tong-hop-T.xlsx',
    ]);
    // Stamped with the rehearsal clock's date, like everything else under --local.
    expect(readdirSync(out).every((f) => f.includes('-tong-hop-20211007-'))).toBe(true);
  });
});
