// A campaign whose table the code has never seen, from its appendix table (baocao new --from) to submissions, totals and an official export in local mode.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { newCampaignCommand } from '../cli/draft/command.ts';
import { vietnameseNumberFormat } from '../cli/export/number-format.ts';
import { SUMMARY } from '../cli/export/official-sheet.ts';
import { SUMMARY_SHEET } from '../cli/export/xlsx.ts';
import { type ExportResult, runExport } from '../cli/export.ts';
import { type Campaign, loadCampaign } from '../forms/campaign.ts';
import { parseCampaignFile } from '../forms/campaign-file.ts';
import { parseRegistryCsv } from '../forms/registry.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

/** Three quantity columns under "Kết quả" (one in đồng), a text-only row, no sub-rows. */
const TABLE = new URL('./fixtures/tables/reading-day.tsv', import.meta.url).pathname;
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });
const hasLibreOffice = run('sh', ['-c', 'command -v soffice']).status === 0;

const UNITS_CSV = `id,name,group,emails
p-tan-my,UBND Phường Tân Mỹ,phuong,
p-tan-hung,UBND Phường Tân Hưng,phuong,
th-kim-dong,Trường Tiểu học Kim Đồng,truong,
`;

let dir: string;
let said: string[];
let campaign: Campaign;
let local: LocalMode;
let result: ExportResult;
let book: ExcelJS.Workbook;

const ymd = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
const DAY = 86_400_000;

async function tab(name: string) {
  const res = await clientFor(local.standIns.sheets.url).spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(name),
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  return (res.data.values ?? []) as (string | number)[][];
}
const linkOf = (id: string) => local.endpoints.links.find((l) => l.unitId === id)?.link ?? '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baocao-new-'));
  const file = join(dir, 'ngay-sach-2026.campaign.yaml');
  said = [];
  await newCampaignCommand({ from: TABLE, out: file, now: () => new Date() }, (line) =>
    said.push(line),
  );
  // What the coordinator fills in where the draft says "CẦN ĐIỀN": data only, no code.
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const now = Date.now();
  doc.setIn(['plan', 'date'], ymd(new Date(now - 30 * DAY)));
  doc.setIn(['plan', 'issuer'], 'Ủy ban nhân dân Phường Tân Mỹ');
  doc.setIn(['plan', 'issuerHeader'], 'ỦY BAN NHÂN DÂN PHƯỜNG TÂN MỸ');
  doc.setIn(['document'], {
    office: 'PHÒNG VĂN HÓA - XÃ HỘI',
    place: 'Tân Mỹ',
    signer: { authority: 'KT. TRƯỞNG PHÒNG', title: 'PHÓ TRƯỞNG PHÒNG' },
  });
  doc.setIn(['period'], { start: ymd(new Date(now - 6 * DAY)), end: ymd(new Date(now)) });
  doc.setIn(['deadline'], ymd(new Date(now + 2 * DAY)));
  doc.setIn(['coordinator'], {
    name: 'Phòng Văn hóa - Xã hội Phường Tân Mỹ',
    emails: ['vhxh.tanmy@example.vn'],
  });
  doc.setIn(
    ['groups'],
    [
      { id: 'phuong', label: 'UBND phường' },
      { id: 'truong', label: 'Trường học' },
    ],
  );
  writeFileSync(file, String(doc));
  const definition = parseCampaignFile(readFileSync(file, 'utf8'), 'ngay-sach-2026.campaign.yaml');
  campaign = loadCampaign({
    ...definition,
    units: parseRegistryCsv(UNITS_CSV, definition.groups),
  });

  local = await startLocalMode({
    campaign,
    clock: 'real',
    sync: { burst: 100, refillMs: 0 },
    log: memoryLogger(),
  });
  const c = local.campaign;
  await submit(c, linkOf('p-tan-my'), {
    answers: {
      '1.count': '2',
      '1.people': '150',
      '3.count': '40',
      '4.amount': '1.500.000',
      '5.text': 'Cần thêm sách thiếu nhi',
    },
  });
  await submit(c, linkOf('th-kim-dong'), {
    answers: {
      '1.count': '1',
      '1.people': '300',
      '2.count': '3',
      '2.people': '45',
      '4.amount': '2 triệu',
    },
  });
  const l = sheetLayout(c);
  await until('both reports counted', async () => {
    const rows = (await tab(TAB.data)).filter((r) =>
      ['p-tan-my', 'th-kim-dong'].includes(String(r[0])),
    );
    return rows.filter((r) => r[l.data.col.version ?? 0]).length === 2 ? true : undefined;
  });
  await local.standIns.forms.flushDeliveries();

  result = await runExport(
    {
      clients: googleClients({
        BAOCAO_CAMPAIGN: c.id,
        SHEETS_ROOT_URL: local.endpoints.sheetsRootUrl,
        FORMS_ROOT_URL: local.endpoints.formsRootUrl,
        DRIVE_ROOT_URL: local.endpoints.driveRootUrl,
        GOOGLE_ACCESS_TOKEN: 'local-coordinator',
      }),
      spreadsheetId: local.state.spreadsheetId,
      campaign: c,
      backoff: { sleep: async () => {}, random: () => 0, log: memoryLogger() },
      now: local.now,
    },
    dir,
    { perUnit: false, csv: false, pdf: hasLibreOffice },
  );
  book = new ExcelJS.Workbook();
  await book.xlsx.readFile(result.xlsx);
}, 180_000);

afterAll(async () => {
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The totals a coordinator checks by hand: row → [Số cuộc, Số người tham gia, Kinh phí (đồng)]. */
const EXPECTED: [string, (number | null)[]][] = [
  ['Hội sách, phố sách', [2 + 1, 150 + 300, null]],
  ['Thi kể chuyện theo sách', [3, 45, null]],
  ['Sách quyên góp cho thư viện', [40, null, null]],
  ['Kinh phí tổ chức', [null, null, 1_500_000 + 2_000_000]],
  ['Đề xuất, kiến nghị', [null, null, null]],
];
const blank = (v: unknown) => (v === '' || v === undefined || v === null ? null : v);

describe('a campaign drafted from a table of a new shape runs with no code changed', () => {
  it('is drafted with three quantity columns, one of them in đồng', () => {
    expect(said.join('\n')).toContain('3 cột số lượng');
    expect(campaign.table.columns).toEqual([
      { header: 'Số cuộc', group: 'Kết quả', kinds: ['count'] },
      { header: 'Số người tham gia', group: 'Kết quả', kinds: ['people'] },
      { header: 'Kinh phí (đồng)', group: 'Kết quả', kinds: ['amount'] },
    ]);
    expect(campaign.sections.every((s) => s.rows.length === 1)).toBe(true);
  });

  it('sums the reports under the file\'s headers in the sheet\'s "Báo cáo" tab', async () => {
    const l = sheetLayout(campaign);
    const rows = await tab(TAB.report);
    expect(rows[0]?.[0]).toBe('ỦY BAN NHÂN DÂN PHƯỜNG TÂN MỸ');
    expect(rows[2]?.[0]).toBe('BÁO CÁO KẾT QUẢ NGÀY SÁCH VÀ VĂN HÓA ĐỌC VIỆT NAM');
    const [h1, h2] = l.report.headerRows;
    expect(rows[h1 - 1]).toEqual(['STT', 'Các hoạt động', 'Đơn vị', 'Kết quả', '', '', 'Ghi chú']);
    expect(rows[h2 - 1]?.slice(3, 6)).toEqual(['Số cuộc', 'Số người tham gia', 'Kinh phí (đồng)']);
    const lines = rows.slice(l.report.firstLineRow - 1, l.report.firstLineRow - 1 + 5);
    expect(lines.map((r) => [r[1], [3, 4, 5].map((c) => blank(r[c]))])).toEqual(EXPECTED);
    expect(lines[4]?.[6]).toBe('UBND Phường Tân Mỹ: Cần thêm sách thiếu nhi');
  });

  it('prints the official export with the same headers and sums, money with Vietnamese separators', () => {
    const ws = book.getWorksheet(SUMMARY_SHEET);
    if (!ws) throw new Error('no summary sheet');
    const text = (a: string) => String(ws.getCell(a).value ?? '');
    expect(text('A1')).toBe('ỦY BAN NHÂN DÂN PHƯỜNG TÂN MỸ');
    expect(text('A2')).toBe('PHÒNG VĂN HÓA - XÃ HỘI');
    expect(text('A6')).toBe('BÁO CÁO KẾT QUẢ NGÀY SÁCH VÀ VĂN HÓA ĐỌC VIỆT NAM');
    const [h1, h2] = SUMMARY.headerRows;
    expect([1, 2, 3, 4, 7].map((c) => ws.getRow(h1).getCell(c).value)).toEqual([
      'STT',
      'Các hoạt động',
      'Đơn vị',
      'Kết quả',
      'Ghi chú',
    ]);
    expect(ws.getCell(h1, 6).master.address).toBe(`D${h1}`);
    expect([4, 5, 6].map((c) => ws.getRow(h2).getCell(c).value)).toEqual([
      'Số cuộc',
      'Số người tham gia',
      'Kinh phí (đồng)',
    ]);
    const got = EXPECTED.map((_, i) => {
      const row = ws.getRow(SUMMARY.firstLineRow + i);
      return [row.getCell(2).value, [4, 5, 6].map((c) => blank(row.getCell(c).value))];
    });
    expect(got).toEqual(EXPECTED);
    const money = ws.getCell(SUMMARY.firstLineRow + 3, 6);
    // ExcelJS reads "\\." back as "."; the file itself keeps the escapes.
    expect(money.numFmt).toBe(vietnameseNumberFormat(3_500_000).replaceAll('\\', ''));
    expect(String(ws.getCell(SUMMARY.firstLineRow + 4, 7).value)).toContain(
      'Cần thêm sách thiếu nhi',
    );
    const signature = ws
      .getColumn(5)
      .values.concat(ws.getColumn(6).values)
      .map((v) => String(v ?? ''));
    expect(signature).toContain('KT. TRƯỞNG PHÒNG');
    expect(ws.pageSetup.printArea).toMatch(/^A1:G\d+$/);
  });

  it.skipIf(!hasLibreOffice)('renders the same table to PDF', () => {
    const pdf = result.pdf ?? '';
    const out = run('pdftotext', ['-layout', pdf, '-']).stdout;
    // Headers wrap in their narrow columns ("Số người tham / gia"): their words are what is read.
    for (const word of ['Kết quả', 'Số cuộc', 'Số người tham', 'Kinh phí', '(đồng)', 'Ghi chú'])
      expect(out).toContain(word);
    const flat = out.replace(/\s+/g, ' ');
    expect(flat).toContain('Hội sách, phố sách cuộc/người 3 450');
    expect(flat).toContain('Sách quyên góp cho thư viện quyển 40');
    expect(flat).toContain('Kinh phí tổ chức đồng 3.500.000');
  });

  it('asks on the form in the campaign\'s own words, never 2021\'s "Tuần lễ"', () => {
    const form = JSON.stringify(local.standIns.forms.form(local.state.formId));
    expect(form).not.toContain('Tuần lễ');
    expect(form).toContain('Kinh phí tổ chức');
  });

  it("sends the unit a receipt whose table has the file's columns", async () => {
    const receipt = await until('the receipt', () =>
      local.standIns.mail.messages().find((m) => m.envelope.to.includes('p-tan-my@donvi.example')),
    );
    expect(receipt.text).toContain('Kinh phí (đồng): 1.500.000 đồng');
    expect(receipt.text).toContain('Số người tham gia: 150');
  });
});
