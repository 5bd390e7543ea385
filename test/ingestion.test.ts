import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../forms/format.ts';
import { createDeploymentRuntime } from '../functions/app/deployment.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { messageIdFor } from '../functions/platform/mailer.ts';
import { columnLetter, quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { edit, submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

let local: LocalMode;
const logger = memoryLogger();

beforeAll(async () => {
  local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log: logger });
});
afterAll(() => local.close());

const layout = () => sheetLayout(local.campaign);
const linkOf = (unitId: string) =>
  local.endpoints.links.find((l) => l.unitId === unitId)?.link ?? '';
const emailOf = (unitId: string) => `${unitId}@donvi.example`;

async function tab(name: string, render: 'UNFORMATTED_VALUE' | 'FORMULA' = 'UNFORMATTED_VALUE') {
  const res = await clientFor(local.standIns.sheets.url).spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(name),
    valueRenderOption: render,
  });
  return (res.data.values ?? []) as (string | number)[][];
}

async function unitRow(name: string, unitId: string) {
  return (await tab(name)).find((r) => r[0] === unitId) ?? [];
}

const mailsTo = (address: string) =>
  local.standIns.mail.messages().filter((m) => m.envelope.to.includes(address));
const logRows = async () => (await tab(TAB.log)).slice(1);

describe('a unit reports through its personal link', () => {
  // One sync at a time (sheet/lease.ts) without a write of its own: a run finding the lease free
  // appends its hold with its data, refused whole if another run wrote since its read
  // (sheet/write-token.ts); the release rides with the mail marks.
  it('costs a lone response 1 Sheets read and 2 writes (the data with the lease’s hold, the mail marks with its release)', async () => {
    const stats = local.standIns.sheets.faults.stats;
    // A warm instance: the registry and the definition were read by its first run.
    await local.runtime.warm();
    local.standIns.sheets.faults.resetStats();
    await submit(local.campaign, linkOf('p-tan-quy'), { answers: { '8.count': '1' } });
    await until('the receipt', () => mailsTo(emailOf('p-tan-quy'))[0]);
    await until('the mail mark', () => (stats.writes >= 2 ? true : undefined));
    await local.standIns.forms.flushDeliveries();
    expect({ reads: stats.reads, writes: stats.writes }).toEqual({ reads: 1, writes: 2 });
  });

  it('becomes one counted row, totals in "Số liệu" and "Báo cáo", and one receipt with its numbers', async () => {
    await submit(local.campaign, linkOf('p-tan-phong'), {
      answers: {
        '1.1.count': '2',
        '1.1.people': '60',
        '10.1.amount': '1.500.000',
        '10.2.amount': '2 triệu',
      },
    });
    const receipt = await until('the receipt', () => mailsTo(emailOf('p-tan-phong'))[0]);
    expect(receipt.subject).toContain('UBND Phường Tân Phong');
    expect(receipt.text).toContain(formatMoney(1_500_000));
    expect(receipt.text).toContain(formatMoney(3_500_000));

    const l = layout();
    const data = await unitRow(TAB.data, 'p-tan-phong');
    expect(data[l.data.col['1.1.count'] ?? 0]).toBe(2);
    expect(data[l.data.col['10.amount'] ?? 0]).toBe(3_500_000);
    const progress = await unitRow(TAB.progress, 'p-tan-phong');
    expect(progress[l.progress.col.status]).toBe('Đã nộp');
    expect(progress[l.progress.col.versions]).toBe(1);
    const report = await tab(TAB.report);
    const funding = report.find((r) => r[1] === 'Kinh phí');
    expect(funding?.[3]).toBe(3_500_000);
    const headline = (await tab(TAB.progress))[1]?.[0];
    expect(headline).toBe(`Đã nộp 2/${local.campaign.units.length} đơn vị (10%)`);
    await until('the mail mark', async () =>
      (await logRows()).find((r) => String(r[l.log.col.mail]).startsWith('Đã gửi')),
    );
  });

  it('counts the same notification delivered 5 times, also at once, only once', async () => {
    await submit(local.campaign, linkOf('p-tan-kieng'), { answers: { '2.count': '12' } });
    await until('the receipt', () => mailsTo(emailOf('p-tan-kieng'))[0]);
    const event = {
      message: {
        attributes: { formId: local.state.formId, watchId: 'w', eventType: 'RESPONSES' },
        messageId: 'dup-1',
        publishTime: new Date(local.now().getTime() + 60_000).toISOString(),
      },
      subscription: 'projects/baocao-local/subscriptions/push',
    };
    const post = () =>
      fetch(local.endpoints.syncEventUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'ce-id': 'dup-1',
          'ce-specversion': '1.0',
          'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
          'ce-source': `//pubsub.googleapis.com/${'projects/baocao-local/topics/forms-responses'}`,
        },
        body: JSON.stringify(event),
      });
    const answers = await Promise.all([post(), post(), post(), post(), post()]);
    expect(answers.every((a) => a.ok)).toBe(true);
    await local.standIns.forms.flushDeliveries();
    const rows = (await logRows()).filter((r) => r[layout().log.col.unitId] === 'p-tan-kieng');
    expect(rows).toHaveLength(1);
    expect(mailsTo(emailOf('p-tan-kieng'))).toHaveLength(1);
    expect((await unitRow(TAB.progress, 'p-tan-kieng'))[layout().progress.col.versions]).toBe(1);
  });

  it("replaces the unit's row with an edited response, logs both versions, and mails the changes", async () => {
    const link = linkOf('p-tan-hung');
    const first = await submit(local.campaign, link, {
      answers: { '1.2.count': '5', '1.2.people': '3' },
    });
    await until('the first receipt', () => mailsTo(emailOf('p-tan-hung'))[0]);
    await new Promise((r) => setTimeout(r, 20));
    await edit(local.campaign, link, first, { answers: { '1.2.count': '5', '1.2.people': '150' } });
    const second = await until('the second receipt', () => {
      // The inbox lists newest first.
      const mails = mailsTo(emailOf('p-tan-hung'));
      return mails.length >= 2 ? mails[0] : undefined;
    });
    expect(second.text).toContain('3 → 150');
    const l = layout();
    expect((await unitRow(TAB.data, 'p-tan-hung'))[l.data.col['1.2.people'] ?? 0]).toBe(150);
    const versions = (await logRows()).filter((r) => r[l.log.col.responseId] === first.responseId);
    expect(versions).toHaveLength(2);
    expect((await unitRow(TAB.progress, 'p-tan-hung'))[l.progress.col.versions]).toBe(2);
  });

  it('gives each version’s receipt a Message-ID made from the version, so a resent one is the same message', async () => {
    const link = linkOf('p-tan-thuan-dong');
    const first = await submit(local.campaign, link, { answers: { '1.2.count': '1' } });
    await until('the first receipt', () => mailsTo(emailOf('p-tan-thuan-dong'))[0]);
    await new Promise((r) => setTimeout(r, 20));
    await edit(local.campaign, link, first, { answers: { '1.2.count': '2' } });
    const mails = await until('the second receipt', () => {
      const m = mailsTo(emailOf('p-tan-thuan-dong'));
      return m.length >= 2 ? m : undefined;
    });
    const l = layout();
    const versions = (await logRows())
      .filter((r) => r[l.log.col.responseId] === first.responseId)
      .map((r) => String(r[l.log.col.version]));
    const from = mails[0]?.from[0]?.address ?? '';
    const ids = mails.map((m) => m.messageId);
    expect(ids.every((id) => /^<[0-9a-f]{32}@baocao\.pgd7\.example>$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids)).toEqual(new Set(versions.map((v) => messageIdFor(`version:${v}`, from))));
    expect(new Set(ids).size).toBe(2);
  });

  it('counts nothing from a report with errors, keeps the previous numbers, and mails each error', async () => {
    const link = linkOf('p-tan-hung');
    await submit(local.campaign, link, {
      answers: { '1.2.count': 'ba', '1.3.count': '4', '10.1.amount': '1,500' },
    });
    const rejection = await until('the rejection', () =>
      mailsTo(emailOf('p-tan-hung')).find(
        (m) => m.subject.includes('chưa được ghi nhận') || /trả lại|lỗi/i.test(m.subject),
      ),
    );
    expect(rejection.text).toContain('Dòng 1.2');
    expect(rejection.text).toContain('Bạn đã nhập "ba"');
    expect(rejection.text).toContain('Dòng 1.3');
    expect(rejection.text).toContain('Dòng 10.1');
    expect(rejection.text).toContain('vẫn được giữ');
    const l = layout();
    expect((await unitRow(TAB.data, 'p-tan-hung'))[l.data.col['1.2.people'] ?? 0]).toBe(150);
    expect((await unitRow(TAB.progress, 'p-tan-hung'))[l.progress.col.status]).toBe(
      'Bản sửa bị trả lại',
    );
  });

  it('holds a report with a forged code for verification and alerts the coordinator', async () => {
    await submit(local.campaign, linkOf('p-phu-my'), {
      token: 'AAAAAAAAAAAAAAAA',
      answers: { '8.count': '99' },
    });
    const alert = await until('the alert', () => mailsTo('pgd7@moet.edu.vn')[0]);
    expect(alert.text).toContain('UBND Phường Phú Mỹ');
    const l = layout();
    const data = await unitRow(TAB.data, 'p-phu-my');
    expect(data[l.data.col['8.count'] ?? 0] ?? '').toBe('');
    expect(mailsTo(emailOf('p-phu-my'))).toHaveLength(0);
    const logged = (await logRows()).find((r) => r[l.log.col.unitId] === 'p-phu-my');
    expect(logged?.[l.log.col.outcome]).toBe('Chờ xác minh (sai mã)');
  });

  it.each([['=IMPORTXML("http://x","//a")'], ['+1'], ["=cmd|' /C calc'!A0"], ['@SUM(1)']])(
    'keeps %s typed in a text field as text in the sheet',
    async (typed) => {
      const unitId = 'phong-vhtt';
      await submit(local.campaign, linkOf(unitId), {
        answers: { '11.text': typed, '3.count': '10' },
        contact: { name: typed },
      });
      const l = layout();
      await until('the row', async () => {
        const row = (await tab(TAB.data, 'FORMULA')).find((r) => r[0] === unitId);
        return row?.[l.data.col['11.text'] ?? 0] === typed ? row : undefined;
      });
      const row = (await tab(TAB.data, 'FORMULA')).find((r) => r[0] === unitId) ?? [];
      expect(row[l.data.col['contact.name'] ?? 0]).toBe(typed);
    },
  );

  it('marks a report submitted after the deadline as late', async () => {
    // The rehearsal clock runs on from 07/10; two days on, the deadline (end of 08/10) has passed.
    const late = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log: memoryLogger() });
    try {
      const offset = 2 * 24 * 3600 * 1000;
      const realNow = Date.now;
      Date.now = () => realNow() + offset;
      try {
        await submit(
          late.campaign,
          late.endpoints.links.find((x) => x.unitId === 'hoi-lhpn')?.link ?? '',
          {
            answers: { '9.1.count': '1' },
          },
        );
        const receipt = await until('the late receipt', () =>
          late.standIns.mail
            .messages()
            .find((m) => m.envelope.to.includes('hoi-lhpn@donvi.example')),
        );
        expect(receipt.text).toContain('sau hạn');
      } finally {
        Date.now = realNow;
      }
      const res = await clientFor(late.standIns.sheets.url).spreadsheets.values.get({
        spreadsheetId: late.state.spreadsheetId,
        range: quoteSheet(TAB.progress),
      });
      const row = (res.data.values ?? []).find((r) => r[0] === 'hoi-lhpn') ?? [];
      expect(row[sheetLayout(late.campaign).progress.col.status]).toBe('Nộp trễ');
    } finally {
      await late.close();
    }
  });

  it('keeps the scheduled sweep out of the way while the event path is writing', async () => {
    const sweep = await local.runtime.sync('sweep');
    expect(sweep.skipped).toBe(true);
    expect(sweep.sheets).toEqual({ reads: 1, writes: 0 });
    const manual = await local.runtime.sync('manual');
    expect(manual.skipped).toBe(false);
  });

  it('logs structured lines with a batch id and never the answers or the secret', () => {
    const lines = logger.lines;
    expect(lines.some((l) => l.message === 'batch written' && typeof l.batch === 'string')).toBe(
      true,
    );
    const all = JSON.stringify(lines);
    expect(all).not.toContain('1.500.000');
    expect(all).not.toContain('IMPORTXML');
    expect(lines.every((l) => typeof l.severity === 'string')).toBe(true);
    expect(columnLetter(0)).toBe('A');
  });
});

describe('a cold instance', () => {
  it('costs a cold instance one read more: the registry with the home sheet’s definition', async () => {
    const stats = local.standIns.sheets.faults.stats;
    await local.standIns.forms.flushDeliveries();
    local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
    try {
      await submit(local.campaign, linkOf('p-binh-thuan'), { answers: { '8.count': '2' } });
      const cold = createDeploymentRuntime(loadConfig(local.functionEnv), {
        log: memoryLogger(),
        now: local.now,
      });
      local.standIns.sheets.faults.resetStats();
      await cold.sync('manual');
      cold.close();
      expect({ reads: stats.reads, writes: stats.writes }).toEqual({ reads: 2, writes: 2 });
    } finally {
      local.standIns.forms.setPushEndpoint(WATCH_TOPIC, `${local.endpoints.syncEventUrl}/`);
    }
  });
});
