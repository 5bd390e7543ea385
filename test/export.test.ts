// The official export end to end: units report through their links, the XLSX and CSV carry the live sheet's numbers.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitColumns } from '../cli/export/columns.ts';
import { toCsv } from '../cli/export/csv.ts';
import { vietnameseNumberFormat } from '../cli/export/number-format.ts';
import { SUMMARY } from '../cli/export/official-sheet.ts';
import { libreOfficeRenderer } from '../cli/export/pdf.ts';
import { type ExportData, ExportLayoutError, parseExport } from '../cli/export/read.ts';
import { INFO_SHEET, SUMMARY_SHEET, UNITS_SHEET } from '../cli/export/xlsx.ts';
import { type ExportDeps, type ExportResult, fileStamp, runExport } from '../cli/export.ts';
import { districtTable } from '../functions/core/totals.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { columnLetter, quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';
import { stateRangesOf } from '../testing/sheet-ranges.ts';
import { q7 } from '../testing/submissions.ts';
import { until } from '../testing/wait.ts';

let local: LocalMode;
let dir: string;
let result: ExportResult;
let book: ExcelJS.Workbook;
let unitsBook: ExcelJS.Workbook;
let unitFiles: string[];
let deps: ExportDeps;
const INJECTED = '=HYPERLINK("http://x.example","bấm")';
const REPORTERS = ['p-tan-phong', 'p-tan-kieng', 'tt-gdnn-gdtx'];

const api = () => clientFor(local.standIns.sheets.url);
async function tab(name: string) {
  const res = await api().spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(name),
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  return (res.data.values ?? []) as (string | number)[][];
}
const linkOf = (id: string) => local.endpoints.links.find((l) => l.unitId === id)?.link ?? '';

beforeAll(async () => {
  local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log: memoryLogger() });
  const c = local.campaign;
  await submit(c, linkOf('p-tan-phong'), {
    answers: {
      '1.1.count': '2',
      '1.1.people': '60',
      '10.1.amount': '1.500.000',
      '1.note': 'Học trực tuyến qua Zoom',
    },
  });
  await submit(c, linkOf('p-tan-kieng'), { answers: { '2.count': '12', '11.text': INJECTED } });
  await submit(c, linkOf('tt-gdnn-gdtx'), {
    answers: { '1.9.count': '1', '1.9.people': '80', '10.1.amount': '2.000.000' },
  });
  const l = sheetLayout(c);
  await until('the three rows counted', async () => {
    const rows = (await tab(TAB.data)).filter((r) => REPORTERS.includes(String(r[0])));
    return rows.filter((r) => r[l.data.col.version ?? 0]).length === 3 ? true : undefined;
  });
  await local.standIns.forms.flushDeliveries();
  // A coordinator's hand correction: the export must carry it, not a recomputation.
  const kieng = l.data.firstUnitRow + c.units.findIndex((u) => u.id === 'p-tan-kieng');
  await api().spreadsheets.values.update({
    spreadsheetId: local.state.spreadsheetId,
    range: `${quoteSheet(TAB.data)}!${columnLetter(l.data.col['2.count'] ?? 0)}${kieng}`,
    valueInputOption: 'RAW',
    requestBody: { values: [[13]] },
  });
  dir = mkdtempSync(join(tmpdir(), 'baocao-export-'));
  const clients = googleClients({
    BAOCAO_CAMPAIGN: c.id,
    SHEETS_ROOT_URL: local.endpoints.sheetsRootUrl,
    FORMS_ROOT_URL: local.endpoints.formsRootUrl,
    DRIVE_ROOT_URL: local.endpoints.driveRootUrl,
    GOOGLE_ACCESS_TOKEN: 'local-coordinator',
  });
  deps = {
    clients,
    spreadsheetId: local.state.spreadsheetId,
    campaign: c,
    backoff: { sleep: async () => {}, random: () => 0, log: memoryLogger() },
    now: local.now,
  };
  result = await runExport(
    deps,
    dir,
    // The PDF and each unit's own table are rendered once, in export-print.test.ts.
    { perUnit: false, csv: true, pdf: false },
  );
  const withUnits = await runExport(
    // A minute later: its own file names.
    { ...deps, now: () => new Date(local.now().getTime() + 60_000) },
    dir,
    { perUnit: true, csv: false, pdf: false },
  );
  unitsBook = new ExcelJS.Workbook();
  await unitsBook.xlsx.readFile(withUnits.xlsx);
  unitFiles = withUnits.units.map((u) => u.unitId);
  book = new ExcelJS.Workbook();
  await book.xlsx.readFile(result.xlsx);
}, 60_000);
afterAll(async () => {
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const summary = () => {
  const ws = book.getWorksheet(SUMMARY_SHEET);
  if (!ws) throw new Error('no summary sheet');
  return ws;
};

describe('baocao export', () => {
  it('names the file after the campaign and the time, and says so in Vietnamese', () => {
    const stamp = fileStamp(local.now(), 'Asia/Ho_Chi_Minh');
    expect(result.xlsx).toBe(join(dir, `q7-htsd-2021-tong-hop-${stamp}.xlsx`));
    expect(stamp).toMatch(/^2021100[78]-\d{4}$/);
    expect(result.summary).toContain(`3/${local.campaign.units.length} đơn vị đã báo cáo`);
    expect(result.warnings).toEqual([]);
  });

  it("prints the seed's header block and its 41 lines in order", () => {
    const ws = summary();
    const text = (a: string) => String(ws.getCell(a).value ?? '');
    expect(text('A1')).toBe('ỦY BAN NHÂN DÂN QUẬN 7');
    expect(text('A2')).toBe('PHÒNG GIÁO DỤC VÀ ĐÀO TẠO');
    expect(text('C1')).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text('C2')).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(text('C4')).toMatch(/^Quận 7, ngày 0[78] tháng 10 năm 2021$/);
    expect(text('A6')).toBe('TỔNG HỢP SỐ LIỆU KẾT QUẢ TỔ CHỨC');
    expect(text('A7')).toBe(local.campaign.report.subtitle);
    expect(text('A8')).toBe('(Kèm theo báo cáo kết quả tổ chức Tuần lễ)');
    const [h1, h2] = SUMMARY.headerRows;
    expect([1, 2, 3, 4, 6].map((c) => ws.getRow(h1).getCell(c).value)).toEqual([
      'STT',
      'Các hoạt động',
      'Đơn vị',
      'Số lượng',
      'Ghi chú',
    ]);
    expect([4, 5].map((c) => ws.getRow(h2).getCell(c).value)).toEqual([
      'Số lớp/số cuộc thi',
      'Người',
    ]);
    expect(ws.getCell(`D${h1}`).isMerged && ws.getCell(`E${h1}`).master.address).toBe(`D${h1}`);
    const expected = districtTable(local.campaign, []).lines;
    expect(expected).toHaveLength(41);
    const got = expected.map((_, i) => {
      const row = ws.getRow(SUMMARY.firstLineRow + i);
      return [1, 2, 3].map((c) => String(row.getCell(c).value ?? ''));
    });
    expect(got).toEqual(expected.map((l) => [l.stt, l.label, l.unit]));
  });

  it('carries the live "Báo cáo" numbers, hand correction included, with Vietnamese separators', async () => {
    const ws = summary();
    const l = sheetLayout(local.campaign);
    const live = (await tab(TAB.report)).slice(
      l.report.firstLineRow - 1,
      l.report.firstLineRow + 40,
    );
    const blank = (v: unknown) => (v === '' || v === undefined || v === null ? null : v);
    const xlsx = live.map((_, i) => {
      const row = ws.getRow(SUMMARY.firstLineRow + i);
      return [blank(row.getCell(4).value), blank(row.getCell(5).value)];
    });
    expect(xlsx).toEqual(live.map((r) => [blank(r[3]), blank(r[4])]));
    const line = (label: string) =>
      ws.getRow(SUMMARY.firstLineRow + live.findIndex((r) => r[1] === label));
    expect(line('Ngân sách nhà nước').getCell(4).value).toBe(3_500_000);
    expect(line('Số tin bài về các hoạt động của Tuần lễ').getCell(4).value).toBe(13);
    const numeric = xlsx.flatMap((pair, i) =>
      pair.flatMap((v, k) => (typeof v === 'number' ? [[SUMMARY.firstLineRow + i, 4 + k]] : [])),
    );
    expect(numeric.length).toBeGreaterThan(30);
    // ExcelJS reads "\\." back as "."; the file itself keeps the escapes.
    const read = (value: number) => vietnameseNumberFormat(value).replaceAll('\\', '');
    for (const [r = 0, c = 0] of numeric) {
      const cell = ws.getCell(r, c);
      expect(cell.numFmt).toBe(read(cell.value as number));
    }
    const zip = await JSZip.loadAsync(readFileSync(result.xlsx));
    const styles = (await zip.file('xl/styles.xml')?.async('string')) ?? '';
    expect(styles).toContain(`formatCode="${vietnameseNumberFormat(1).replaceAll('>', '&gt;')}"`);
    expect(styles).toMatch(/<font><sz val="12"\/><name val="Times New Roman"\/>/);
    expect(
      String(line('Các lớp bồi dưỡng, tập huấn tổ chức trong Tuần lễ').getCell(6).value),
    ).toContain('Học trực tuyến qua Zoom');
  });

  it('sets the page as Nghị định 30 asks: A4, margins, page numbers from page 2, header repeated', () => {
    const ws = summary();
    const setup = ws.pageSetup;
    expect(setup.paperSize).toBe(9);
    expect(setup.orientation).toBe('landscape');
    const mm = (inches = 0) => Math.round(inches * 25.4);
    const m = setup.margins;
    expect([mm(m?.top), mm(m?.bottom), mm(m?.left), mm(m?.right)]).toEqual([20, 20, 30, 15]);
    expect(setup.printTitlesRow).toBe(`${SUMMARY.headerRows[0]}:${SUMMARY.headerRows[1]}`);
    expect(ws.headerFooter.differentFirst).toBe(true);
    expect(ws.headerFooter.oddHeader).toContain('&P');
  });

  it('keeps the audit facts off the printed table, on "Thông tin" and in the properties', () => {
    const printed: string[] = [];
    summary().eachRow((row) => {
      row.eachCell((cell) => {
        printed.push(String(cell.value));
      });
    });
    expect(printed.join('\n')).not.toMatch(/Xuất lúc|Kế hoạch số|đã báo cáo/);
    const info = book.getWorksheet(INFO_SHEET);
    if (!info) throw new Error('no info sheet');
    const facts = new Map<string, string>();
    info.eachRow((row) => {
      facts.set(String(row.getCell(1).value), String(row.getCell(2).value));
    });
    expect(facts.get('Số đơn vị đã báo cáo')).toBe(`3/${local.campaign.units.length}`);
    expect(facts.get('Theo')).toContain('Kế hoạch số 4595/KH-UBND ngày 01/10/2021');
    expect(facts.get('Phiên bản')).toMatch(/^baocao \d+\.\d+\.\d+; chiến dịch q7-htsd-2021$/);
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(local.now());
    expect(facts.get('Xuất lúc')).toMatch(new RegExp(`^${time} ngày \\d\\d/10/2021$`));
    expect(book.subject).toContain(`Số đơn vị đã báo cáo: 3/${local.campaign.units.length}`);
    expect(book.title).toContain('TỔNG HỢP SỐ LIỆU');
    expect(book.creator).toBe('PHÒNG GIÁO DỤC VÀ ĐÀO TẠO');
  });

  it('gives each unit that reported its own file, and no more', () => {
    expect(unitFiles.sort()).toEqual([...REPORTERS].sort());
  });

  it('still writes the XLSX, and says the PDF is missing, where LibreOffice is not installed', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'baocao-export-nopdf-'));
    try {
      const got = await runExport(
        { ...deps, renderPdf: libreOfficeRenderer({ command: 'soffice-not-installed' }) },
        elsewhere,
        { perUnit: false, csv: false },
      );
      expect(got.pdf).toBeUndefined();
      expect(readdirSync(elsewhere)).toEqual([basename(got.xlsx)]);
      expect(got.warnings).toEqual([
        'Không tạo được tệp PDF: chưa cài LibreOffice (không tìm thấy lệnh "soffice-not-installed"). Tệp XLSX vẫn đầy đủ.',
      ]);
      expect(got.summary).toContain('(1 điều cần kiểm tra)');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("has every unit's row with the values the sheet holds, headers on two levels", async () => {
    expect(book.getWorksheet(UNITS_SHEET)).toBeUndefined();
    const ws = unitsBook.getWorksheet(UNITS_SHEET);
    if (!ws) throw new Error('no units sheet');
    const columns = unitColumns(local.campaign);
    // ExcelJS columns are 1-based.
    const col = (key: string) => columns.findIndex((c) => c.key === key) + 1;
    expect(ws.getCell(1, col('1.1.count')).value).toBe(`1.1 ${local.campaign.row('1.1')?.label}`);
    expect(ws.getCell(2, col('1.1.count')).value).toBe('Số lớp');
    expect(ws.getCell(2, col('1.1.people')).value).toBe('Số người');
    expect(ws.getCell(1, col('1.1.people')).master.address).toBe(
      ws.getCell(1, col('1.1.count')).address,
    );
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 2 });
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => {
      if (n > 2) rows.set(String(row.getCell(1).value), row);
    });
    for (const u of local.campaign.units) expect(rows.has(u.id)).toBe(true);
    const value = (id: string, key: string) => rows.get(id)?.getCell(col(key)).value;
    expect(value('p-tan-phong', '10.1.amount')).toBe(1_500_000);
    expect(value('p-tan-phong', '1.1.people')).toBe(60);
    expect(value('tt-gdnn-gdtx', '10.1.amount')).toBe(2_000_000);
    expect(value('tt-gdnn-gdtx', '10.amount')).toBe(2_000_000);
    expect(value('p-tan-kieng', '2.count')).toBe(13);
    expect(value('p-tan-kieng', '11.text')).toBe(INJECTED);
    expect(value('p-tan-quy', '2.count') ?? null).toBeNull();
    expect(rows.get('p-tan-phong')?.getCell(col('10.1.amount')).numFmt).toBe(
      vietnameseNumberFormat(1_500_000).replaceAll('\\', ''),
    );
    const l = sheetLayout(local.campaign);
    const live = (await tab(TAB.data)).find((r) => r[0] === 'tt-gdnn-gdtx') ?? [];
    expect(value('tt-gdnn-gdtx', 'submittedAt')).toBe(live[l.data.col.submittedAt ?? 0]);
  });

  it('writes a CSV with a BOM, the same values, and the formula-like note neutralized', () => {
    const raw = readFileSync(result.csv ?? '', 'utf8');
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    // Read back with a real RFC 4180 parser, as another tool would.
    const records = parse(raw.slice(1), { relaxColumnCount: false }) as string[][];
    const header = records[0] ?? [];
    expect(header.slice(0, 4)).toEqual(['Mã đơn vị', 'Đơn vị', 'Nhóm', 'Nộp lúc']);
    expect(header).toContain('10.1.amount (Số tiền (đồng))');
    const at = (id: string, key: string) =>
      records.find((r) => r[0] === id)?.[header.findIndex((h) => h.startsWith(`${key} (`))];
    expect(records).toHaveLength(local.campaign.units.length + 1);
    expect(at('p-tan-phong', '10.1.amount')).toBe('1500000');
    expect(at('p-tan-phong', '1.note')).toBe('Học trực tuyến qua Zoom');
    expect(at('p-tan-kieng', '2.count')).toBe('13');
    expect(at('p-tan-kieng', '11.text')).toBe(`'${INJECTED}`);
    const row = (id: string) => raw.split('\r\n').find((x) => x.startsWith(`${id},`)) ?? '';
    expect(row('p-tan-kieng')).toContain(`"'=HYPERLINK(""http://x.example"",""bấm"")"`);
    expect(raw).not.toMatch(/,=HYPERLINK|,"=HYPERLINK/);
  });
});

describe('the export CSV', () => {
  it('escapes unit names and texts in a whole CSV', () => {
    const campaign = q7();
    const data: ExportData = {
      lines: [],
      units: [
        {
          id: 'p-x',
          name: '=cmd|calc',
          group: 'Phường',
          submittedAt: '',
          version: '',
          values: { '8.count': 2 },
          texts: { '11.text': '@x, "y"' },
        },
      ],
      totals: {},
      groups: [],
      reported: 1,
      total: 1,
      warnings: [],
    };
    const [, line] = toCsv(campaign, data).split('\r\n');
    expect(line?.startsWith("p-x,'=cmd|calc,Phường,,")).toBe(true);
    expect(line).toContain(`"'@x, ""y"""`);
  });
});

describe('parseExport checks what the sheet answered', () => {
  const campaign = q7();
  const layout = sheetLayout(campaign);
  const lines = () =>
    campaign.sections.flatMap((s) => s.rows).map((r) => [r.stt, r.label, r.unit, 1, '', '']);
  // "Số liệu" as setup lays it out: the headings, then TỔNG CỘNG.
  const data = stateRangesOf(layout, {})[1] ?? [];
  data[layout.data.totalRow - 1] = ['TỔNG CỘNG'];

  it('refuses a table whose lines were moved, naming the row', () => {
    const moved = lines();
    moved.splice(0, 2, moved[1] ?? [], moved[0] ?? []);
    expect(() => parseExport(campaign, layout, moved, data)).toThrow(ExportLayoutError);
    expect(() => parseExport(campaign, layout, moved, data)).toThrow(/dòng 9/);
  });

  it('finds each figure by its heading when a coordinator added a column to "Số liệu"', () => {
    const tab =
      stateRangesOf(layout, { data: [{ id: 'p-tan-phong', version: 'r1@x', '2.count': 56 }] })[1] ??
      [];
    tab[layout.data.totalRow - 1] = ['TỔNG CỘNG'];
    const at = (layout.data.col['2.count'] ?? 0) - 1;
    const widened = tab.map((r, i) => {
      const row = [...r];
      while (row.length < at) row.push('');
      row.splice(at, 0, i === 2 ? 'Ghi chú riêng' : '');
      return row;
    });
    const got = parseExport(campaign, layout, lines(), widened);
    expect(got.units.find((u) => u.id === 'p-tan-phong')?.values['2.count']).toBe(56);
  });

  it('leaves text typed where a number belongs blank and says where', () => {
    const typed = lines();
    typed[0] = [...(typed[0] ?? []).slice(0, 3), 'ba', '', ''];
    const got = parseExport(campaign, layout, typed, data);
    expect(got.lines[0]?.figures[0]).toBeNull();
    expect(got.lines[1]?.figures[0]).toBe(1);
    expect(got.warnings).toEqual([expect.stringContaining('ô D9: ô chứa "ba"')]);
  });
});
