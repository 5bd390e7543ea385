// A clerk corrects a counted report through the links the mails give: every figure not changed is kept.
import { describe, expect, it } from 'vitest';
import { columnLetter, quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { linkOf, localModeAround, readTab } from '../testing/local-mode.ts';
import { correctThrough, entry, openLink, submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

const local = localModeAround();
const campaign = () => local().campaign;
const layout = () => sheetLayout(campaign());
/** A unit's mails, oldest first (the sink lists newest first). */
const mailsTo = (unitId: string) =>
  local()
    .standIns.mail.messages()
    .filter((m) => m.envelope.to.includes(`${unitId}@donvi.example`))
    .reverse();
/** The form link a mail gives (the sheet's link is another). */
const formLinkIn = (text: string) => /(https?:\/\/\S+\/viewform\S*)/.exec(text)?.[1] ?? '';
const field = (key: string) => entry(campaign(), key);

async function dataRow(unitId: string) {
  return (await readTab(local(), TAB.data)).find((r) => r[0] === unitId) ?? [];
}

/** What a unit reported, per column of "Số liệu" a unit answers: figures, texts, contact. */
async function answeredCells(unitId: string) {
  const row = await dataRow(unitId);
  return Object.fromEntries(
    layout()
      .data.columns.map((c, i) => [c, row[i]] as const)
      .filter(([c]) => ('measure' in c && c.measure.asked) || 'text' in c || 'contact' in c)
      .map(([c, value]) => [c.key, value ?? '']),
  );
}

async function setCell(tab: string, unitId: string, column: number, value: string | number) {
  const rows = await readTab(local(), tab);
  const row = rows.findIndex((r) => r[0] === unitId) + 1;
  await clientFor(local().standIns.sheets.url).spreadsheets.values.update({
    spreadsheetId: local().state.spreadsheetId,
    range: `${quoteSheet(tab)}!${columnLetter(column)}${row}`,
    valueInputOption: 'RAW',
    requestBody: { values: [[value]] },
  });
}

const NOTE = 'Lớp học tổ chức tại nhà văn hóa khu phố 3 & 4, buổi tối; có "Tủ sách" lưu động.';
const full = {
  '1.1.count': '2',
  '1.1.people': '3.500',
  '1.3.count': '1',
  '1.3.people': '40',
  '1.note': NOTE,
  '2.count': '12',
  '5.3.count': '3',
  '5.3.people': '120',
  '5.note': 'Phối hợp với Hội Khuyến học phường.',
  '10.1.amount': '45.000.000',
  '10.2.amount': '2,5 triệu',
  '11.text': 'Tặng 20 tủ sách cho các khu phố.',
};

describe('a clerk corrects one figure through "Để sửa" in the receipt', () => {
  const unitId = 'p-tan-thuan-dong';

  it('finds the counted report prefilled, changes one figure, and every other figure is kept', async () => {
    await submit(campaign(), linkOf(local(), unitId), {
      answers: full,
      contact: { position: 'Phó Chủ tịch' },
      albumUrl: 'https://photos.app.goo.gl/AbCdEf123',
    });
    const receipt = await until('the receipt', () => mailsTo(unitId)[0]);
    expect(receipt.subject).toMatch(/^Biên nhận báo cáo/);
    const before = await answeredCells(unitId);
    expect(before['1.1.people']).toBe(3500);

    const link = formLinkIn(receipt.text);
    expect(link).not.toBe(linkOf(local(), unitId));
    const page = await openLink(link);
    const shown = (key: string) => page.fields.get(field(key));
    expect(shown('1.1.people')).toBe('3.500');
    expect(shown('10.1.amount')).toBe('45.000.000');
    expect(shown('10.2.amount')).toBe('2.500.000');
    expect(shown('1.note')).toBe(NOTE);
    expect(shown('11.text')).toBe(full['11.text']);
    expect(shown('activity:1')).toBe('Có');
    expect(shown('activity:3')).toBe('Không');
    expect(shown('contact.position')).toBe('Phó Chủ tịch');
    expect(shown('album')).toBe('https://photos.app.goo.gl/AbCdEf123');

    await correctThrough(link, { [field('1.1.people')]: '3.600' });
    const second = await until('the second receipt', () => mailsTo(unitId)[1]);
    expect(second.subject).toMatch(/^Biên nhận báo cáo/);
    const changes = second.text
      .split('Thay đổi so với lần nộp trước')[1]
      ?.split('\n\n')[1]
      ?.split('\n');
    expect(changes).toEqual([expect.stringMatching(/^- Dòng 1\.1 .*: 3\.500 → 3\.600$/)]);

    const after = await until('the corrected row', async () => {
      const cells = await answeredCells(unitId);
      return cells['1.1.people'] === 3600 ? cells : undefined;
    });
    expect(after).toEqual({ ...before, '1.1.people': 3600 });
    const progress = (await readTab(local(), TAB.progress)).find((r) => r[0] === unitId) ?? [];
    expect(progress[layout().progress.col.status]).toBe('Đã nộp');
  });
});

describe('the send-back and the reminder to a unit that must correct', () => {
  const unitId = 'p-tan-thuan-tay';
  const slot = 'truoc-han-2-ngay@2021-10-06';

  it('the send-back link carries the figures as the sheet holds them, corrections by hand included', async () => {
    await submit(campaign(), linkOf(local(), unitId), {
      answers: { '2.count': '12', '2.note': 'Đăng trên trang thông tin điện tử phường.' },
    });
    await until('the receipt', () => mailsTo(unitId)[0]);
    // The coordinator fixed a figure by hand after the receipt: the sheet is now the truth.
    await setCell(TAB.data, unitId, layout().data.col['2.count'] ?? 0, 15);
    await setCell(TAB.progress, unitId, layout().progress.col.review, 'Yêu cầu sửa');
    await setCell(TAB.progress, unitId, layout().progress.col.comment, 'Xin bổ sung mục 5.');
    await local().runtime.sync('manual');

    const sendBack = mailsTo(unitId).find((m) => m.subject.startsWith('Đề nghị sửa báo cáo'));
    const page = await openLink(formLinkIn(sendBack?.text ?? ''));
    expect(page.fields.get(field('2.count'))).toBe('15');
    expect(page.fields.get(field('2.note'))).toBe('Đăng trên trang thông tin điện tử phường.');
    expect(page.fields.get(field('activity:2'))).toBe('Có');
    expect(page.fields.get(field('activity:5'))).toBe('Không');
    expect(page.fields.get(field('contact.name'))).toBe('Nguyễn Văn An');
  });

  it('the reminder to the unit marked "Cần sửa" carries its figures; one with nothing counted gets the bare link', async () => {
    const status = (await readTab(local(), TAB.progress)).find((r) => r[0] === unitId);
    expect(status?.[layout().progress.col.status]).toBe('Cần sửa');
    await local().runtime.remind({ slotId: slot, dryRun: false });

    // Its figures are counted: it is asked to correct, never chased as a non-reporter.
    const reminder = mailsTo(unitId).find((m) => m.subject.startsWith('Nhắc sửa báo cáo'));
    expect(mailsTo(unitId).some((m) => m.subject.startsWith('Nhắc nộp báo cáo'))).toBe(false);
    const page = await openLink(formLinkIn(reminder?.text ?? ''));
    expect(page.fields.get(field('2.count'))).toBe('15');
    expect(page.fields.get(field('activity:2'))).toBe('Có');

    const fresh = mailsTo('p-phu-my').find((m) => m.subject.startsWith('Nhắc nộp báo cáo'));
    expect(formLinkIn(fresh?.text ?? '')).toBe(linkOf(local(), 'p-phu-my'));
  });
});
