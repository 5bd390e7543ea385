// Issue 12: no report lost by correcting it, one status model, district-level figures, paper reports typed in.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMOVED_HEADING } from '../functions/core/wording.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { columnLetter, quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { readTab } from '../testing/local-mode.ts';
import { edit, submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log: memoryLogger() });
});
afterAll(() => local.close());

const layout = () => sheetLayout(local.campaign);
const api = () => clientFor(local.standIns.sheets.url);
const linkOf = (unitId: string) =>
  local.endpoints.links.find((l) => l.unitId === unitId)?.link ?? '';
const mailsTo = (unitId: string) =>
  local.standIns.mail.messages().filter((m) => m.envelope.to.includes(`${unitId}@donvi.example`));

const tab = (name: string) => readTab(local, name);
const progressOf = async (unitId: string) => {
  const row = (await tab(TAB.progress)).find((r) => r[0] === unitId) ?? [];
  const col = layout().progress.col;
  return { status: row[col.status], acceptedAt: row[col.acceptedAt], warnings: row[col.warnings] };
};
/** The official table's line for a row id, as "Báo cáo" shows it: [quantity, people, note]. */
async function reportLine(rowId: string) {
  const rows = local.campaign.sections.flatMap((s) => s.rows);
  const index = rows.findIndex((r) => r.id === rowId);
  const line = (await tab(TAB.report))[layout().report.firstLineRow - 1 + index] ?? [];
  return { quantity: line[3] ?? '', people: line[4] ?? '', note: line[5] ?? '' };
}
async function typeInData(row: number, cells: Record<string, number | string>) {
  const col = layout().data.col;
  await api().spreadsheets.values.batchUpdate({
    spreadsheetId: local.state.spreadsheetId,
    requestBody: {
      valueInputOption: 'RAW',
      data: Object.entries(cells).map(([measure, value]) => ({
        range: `${quoteSheet(TAB.data)}!${columnLetter(col[measure] ?? 0)}${row}`,
        values: [[value]],
      })),
    },
  });
}
const dataRowOf = async (unitId: string) =>
  layout().data.firstUnitRow +
  (await tab(TAB.data)).slice(layout().data.firstUnitRow - 1).findIndex((r) => r[0] === unitId);

describe('a correction that removes figures counted before', () => {
  it('is counted, with each removed figure listed first in the receipt, in "Tiến độ" and in the digest', async () => {
    const first = await submit(local.campaign, linkOf('p-tan-kieng'), {
      answers: {
        '1.1.count': '2',
        '1.1.people': '60',
        '2.count': '12',
        '10.1.amount': '1.500.000',
      },
    });
    await until('the first receipt', () => mailsTo('p-tan-kieng')[0]);
    await new Promise((r) => setTimeout(r, 20));
    // The clerk answers only Mục 2, "Không" elsewhere, as the form invites.
    await edit(local.campaign, linkOf('p-tan-kieng'), first, { answers: { '2.count': '14' } });
    const second = await until('the second receipt', () => {
      const mails = mailsTo('p-tan-kieng');
      return mails.length >= 2 ? mails[0] : undefined;
    });
    const text = second.text;
    const notice = text.indexOf('Bản nộp này xóa 3 số liệu đã được tính ở lần nộp trước');
    expect(notice).toBeGreaterThan(0);
    // Before the table: the first thing after the greeting and the receipt line.
    expect(notice).toBeLessThan(text.indexOf('Số liệu đơn vị đã báo cáo'));
    expect(text).toContain(
      'Dòng 10.1 «Ngân sách nhà nước», số tiền (đồng): 1.500.000 đồng → 0 đồng',
    );
    expect(text).toContain('số lớp: 2 → 0');
    expect(text).toContain('số người: 60 → 0');
    const progress = await progressOf('p-tan-kieng');
    expect(progress.status).toBe('Đã nộp');
    expect(String(progress.warnings).split('\n')[0]).toBe(REMOVED_HEADING);
    await local.runtime.digest();
    const digest = await until('the digest', () =>
      local.standIns.mail.messages().find((m) => m.subject.startsWith('Tiến độ báo cáo')),
    );
    expect(digest.text).toContain('Bản nộp mới xóa số liệu đã tính trước đó (cần xem lại) (1)\n');
    expect(digest.text).toMatch(/cần xem lại\) \(1\)\n=+\n\n- UBND Phường Tân Kiểng/);
  });
});

describe('a counted unit whose later correction is refused', () => {
  it('keeps its figures, has its own status, and is never reminded as a non-reporter', async () => {
    const first = await submit(local.campaign, linkOf('p-binh-thuan'), {
      answers: { '8.count': '3' },
    });
    await until('the receipt', () => mailsTo('p-binh-thuan')[0]);
    await new Promise((r) => setTimeout(r, 20));
    await edit(local.campaign, linkOf('p-binh-thuan'), first, {
      answers: { '1.1.count': '2', '1.1.people': '' },
    });
    await until('the rejection', () =>
      mailsTo('p-binh-thuan').find((m) => m.subject.startsWith('Báo cáo chưa được ghi nhận')),
    );
    const progress = await progressOf('p-binh-thuan');
    expect(progress.status).toBe('Bản sửa bị trả lại');
    expect(progress.acceptedAt).not.toBe('');
    const report = await local.runtime.remind({ slotId: 'qua-han@2021-10-09', dryRun: true });
    const reminder = report.reminders.find((r) => r.unitId === 'p-binh-thuan');
    expect(reminder?.subject).toContain('Nhắc sửa báo cáo (số liệu cũ vẫn được tính)');
    expect(reminder?.subject).not.toContain('quá hạn');
    // A unit that never reported is still chased as one.
    expect(report.reminders.find((r) => r.unitId === 'p-phu-my')?.subject).toMatch(
      /^Nhắc nộp báo cáo: /,
    );
  });
});

describe('a paper report typed by the coordinator', () => {
  it('counts like a submission, marked "Nhập tay", and its parent rows add up', async () => {
    const row = await dataRowOf('ldld');
    await typeInData(row, { '1.1.count': 3, '1.1.people': 40, '1.2.count': 1, '1.2.people': 20 });
    await local.runtime.sync('manual');
    const progress = await progressOf('ldld');
    expect(progress.status).toBe('Nhập tay');
    expect(progress.acceptedAt).toBe('Nhập tay');
    const data = (await tab(TAB.data))[row - 1] ?? [];
    expect(data[layout().data.col['1.count'] ?? 0]).toBe(4);
    expect(data[layout().data.col['1.0.people'] ?? 0]).toBe(60);
    const parent = await reportLine('1');
    const subs = await Promise.all(
      local.campaign.sections[0]?.rows.filter((r) => !r.computed).map((r) => reportLine(r.id)) ??
        [],
    );
    expect(parent.quantity).toBe(subs.reduce((n, l) => n + Number(l.quantity || 0), 0));
    expect((await reportLine('1.0')).people).toBe(
      subs.reduce((n, l) => n + Number(l.people || 0), 0),
    );
  });
});

describe("the district's own figures", () => {
  it('7.1 is not asked on the form; the coordinator enters it once, and no ward adds to it', async () => {
    const form = await fetch(local.endpoints.formUrl).then((r) => r.text());
    expect(form).not.toContain('Số huyện tổ chức Lễ khai mạc');
    await typeInData(layout().data.districtRow, { '7.1.count': 1, '8.count': 2 });
    await submit(local.campaign, linkOf('p-tan-thuan-dong'), { answers: { '7.2.count': '1' } });
    await until('the receipt', () => mailsTo('p-tan-thuan-dong')[0]);
    expect((await reportLine('7.1')).quantity).toBe(1);
    const own = (await tab(TAB.data))[layout().data.districtRow - 1] ?? [];
    const units = (await tab(TAB.data)).slice(layout().data.firstUnitRow - 1);
    const col = layout().data.col['8.count'] ?? 0;
    const unitSum = units.reduce((n, r) => n + Number(r[col] || 0), 0);
    expect((await reportLine('8')).quantity).toBe(unitSum + Number(own[col]));
  });
});
