// The official table printed by the real renderer (headless LibreOffice) on a machine set to English: the PDF a coordinator signs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libreOfficeRenderer } from '../cli/export/pdf.ts';
import { type ExportResult, runExport } from '../cli/export.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

/** A machine set to English: "#,##0" would print 1,500,000 here. */
const ENGLISH = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_NUMERIC: '' };
const LONG_NOTE =
  'Học trực tuyến qua Zoom mỗi tối thứ Hai, thứ Tư và thứ Sáu từ 19 giờ đến 21 giờ cho toàn thể cán bộ, công chức, viên chức của phường và người dân đăng ký qua tổ dân phố';
const REPORTERS = ['p-tan-phong', 'p-tan-kieng', 'tt-gdnn-gdtx'];

let local: LocalMode;
let dir: string;
let result: ExportResult;

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { env: ENGLISH, encoding: 'utf8', maxBuffer: 64 << 20 });
const pdfText = (pdf: string) => run('pdftotext', ['-layout', pdf, '-']);
const pageText = (pdf: string, page: number) =>
  run('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-']);

/** Every word with its box (points, origin top left), page by page. */
function words(pdf: string): Word[] {
  const out: Word[] = [];
  let page = 0;
  const xml = run('pdftotext', ['-bbox', pdf, '-']);
  for (const m of xml.matchAll(
    /<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    if (m[0] === '<page ') {
      page++;
      continue;
    }
    const unescaped = (m[5] ?? '')
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"');
    out.push({
      page,
      text: unescaped,
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
    });
  }
  return out;
}

/** The table's ruling on a page: its vertical borders, and the horizontal ones crossing the label column. */
function rulings(pdf: string, page: number): { xs: number[]; ys: number[] } {
  const svg = join(dir, `page-${page}.svg`);
  run('pdftocairo', ['-svg', '-f', String(page), '-l', String(page), pdf, svg]);
  const xs = new Set<number>();
  const across: { y: number; from: number; to: number }[] = [];
  const round = (n: number) => Math.round(n * 10) / 10;
  for (const m of readFileSync(svg, 'utf8').matchAll(
    /d="M ([\d.-]+) ([\d.-]+) L ([\d.-]+) ([\d.-]+) " transform="matrix\(([\d.-]+),0,0,([\d.-]+),([\d.-]+),([\d.-]+)\)"/g,
  )) {
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0, a = 1, d = 1, e = 0, f = 0] = m.slice(1).map(Number);
    if (y1 === y2) {
      const [p, q] = [a * x1 + e, a * x2 + e];
      across.push({ y: round(d * y1 + f), from: Math.min(p, q), to: Math.max(p, q) });
    } else if (x1 === x2) xs.add(round(a * x1 + e));
  }
  const sorted = [...xs].sort((p, q) => p - q);
  const [left = 0, right = 0] = [sorted[1], sorted[2]];
  // The motto's underline is a horizontal line too, but far from the label column.
  const ys = new Set(across.filter((l) => l.from <= left + 1 && l.to >= right - 1).map((l) => l.y));
  return { xs: sorted, ys: [...ys].sort((p, q) => p - q) };
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
      '1.note': LONG_NOTE,
      '5.4.count': '1',
      '5.4.people': '1250',
    },
  });
  await submit(c, linkOf('p-tan-kieng'), {
    answers: { '2.count': '12', '11.text': 'Phát động "Mỗi ngày một trang sách"' },
  });
  await submit(c, linkOf('tt-gdnn-gdtx'), {
    answers: { '1.9.count': '1', '1.9.people': '80', '10.1.amount': '1.207.000.000' },
  });
  const l = sheetLayout(c);
  const api = clientFor(local.standIns.sheets.url);
  await until('the three rows counted', async () => {
    const res = await api.spreadsheets.values.get({
      spreadsheetId: local.state.spreadsheetId,
      range: TAB.data,
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    const rows = (res.data.values ?? []).filter((r) => REPORTERS.includes(String(r[0])));
    return rows.filter((r) => r[l.data.col.version ?? 0]).length === 3 ? true : undefined;
  });
  dir = mkdtempSync(join(tmpdir(), 'baocao-print-'));
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
      // The one render of the suite: the district table and the three units' in one run.
      renderPdf: libreOfficeRenderer({ env: ENGLISH }),
    },
    dir,
    { perUnit: true, csv: false },
  );
}, 180_000);
afterAll(async () => {
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const districtPdf = () => {
  if (!result.pdf) throw new Error(`no PDF: ${result.warnings.join('; ')}`);
  return result.pdf;
};

describe('the printed district table (LibreOffice, LANG=en_US.UTF-8)', () => {
  it('is a PDF beside the XLSX, with its fonts embedded', () => {
    expect(result.warnings).toEqual([]);
    expect(districtPdf()).toBe(result.xlsx.replace(/\.xlsx$/, '.pdf'));
    const fonts = run('pdffonts', [districtPdf()]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    // Columns: name type encoding emb sub uni object-id.
    for (const line of fonts) expect(line.split(/\s+/).at(-5)).toBe('yes');
    expect(fonts.join('\n')).toMatch(/TimesNewRoman|LiberationSerif/);
  });

  it('prints the letterhead, the date line, the title block and the signature block', () => {
    const text = pdfText(districtPdf());
    const dateLine = `Quận 7, ngày ${new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit' }).format(local.now())} tháng 10 năm 2021`;
    for (const expected of [
      'ỦY BAN NHÂN DÂN QUẬN 7',
      'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      dateLine,
      'TỔNG HỢP SỐ LIỆU KẾT QUẢ TỔ CHỨC',
      '(Kèm theo báo cáo kết quả tổ chức Tuần lễ)',
      'TRƯỞNG PHÒNG',
      '(Ký, ghi rõ họ tên, đóng dấu)',
    ]) {
      expect(text).toContain(expected);
    }
    // The audit facts are in the metadata, not on the page.
    expect(text).not.toMatch(/Xuất lúc|Số đơn vị đã báo cáo/);
    const info = run('pdfinfo', [districtPdf()]);
    expect(info).toMatch(/Subject:.*Số đơn vị đã báo cáo: 3\/\d+/);
    expect(info).toMatch(/Subject:.*Xuất lúc: \d\d:\d\d ngày \d\d\/10\/2021/);
    expect(info).toMatch(/Subject:.*Kế hoạch số 4595\/KH-UBND/);
    expect(info).toMatch(/Subject:.*baocao \d+\.\d+\.\d+/);
  });

  it('writes numbers the Vietnamese way on an English machine', () => {
    const text = pdfText(districtPdf());
    // 1.500.000 + 1.207.000.000 đồng of state budget, 60 + 80 people, 1.250 in contest 5.4.
    expect(text).toMatch(/Ngân sách nhà nước\s+đồng\s+1\.208\.500\.000/);
    expect(text).toMatch(/Thi vẽ sách[\s\S]*?1\.250/);
    expect(text).not.toMatch(/\d,\d{3}/);
  });

  it('numbers pages from page 2 and repeats the header row on every page', () => {
    const pdf = districtPdf();
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(pageText(pdf, 1).trim().split('\n')[0]).toBe('ỦY BAN NHÂN DÂN QUẬN 7');
    for (let p = 2; p <= pages; p++) {
      expect(pageText(pdf, p).trim().split('\n')[0]).toBe(String(p));
      expect(pageText(pdf, p)).toContain('Các hoạt động');
    }
  });

  it('keeps every label and note inside its own cell: nothing runs into the row below or the next column', () => {
    const pdf = districtPdf();
    const all = words(pdf);
    const lines = result.data.lines;
    const squash = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');
    const labels: string[] = [];
    const notes: string[] = [];
    const pages = Math.max(...all.map((w) => w.page));
    for (let page = 1; page <= pages; page++) {
      const { xs, ys } = rulings(pdf, page);
      // Six columns: seven vertical borders.
      expect(xs).toHaveLength(7);
      const column = (k: number) => [xs[k] ?? 0, xs[k + 1] ?? 0] as const;
      const onPage = all.filter((w) => w.page === page);
      const top = ys[0] ?? 0;
      const bottom = ys.at(-1) ?? 0;
      for (const [k, into] of [
        [1, labels],
        [5, notes],
      ] as const) {
        const [left, right] = column(k);
        const mid = (w: Word) => (w.xMin + w.xMax) / 2;
        const inColumn = onPage.filter(
          (w) => mid(w) > left && mid(w) < right && w.yMax > top && w.yMin < bottom,
        );
        for (const w of inColumn) {
          // Out of its column: a word running over the border.
          expect(w.xMin, `«${w.text}» on page ${page}`).toBeGreaterThanOrEqual(left - 0.5);
          expect(w.xMax, `«${w.text}» on page ${page}`).toBeLessThanOrEqual(right + 0.5);
        }
        // Rows: between consecutive horizontal borders that cross this column.
        for (let r = 0; r + 1 < ys.length; r++) {
          const [y0 = 0, y1 = 0] = [ys[r], ys[r + 1]];
          const inRow = inColumn.filter((w) => w.yMin < y1 && w.yMax > y0);
          for (const w of inRow) {
            // Into the row below (or above): a word crossing a border.
            expect(w.yMin, `«${w.text}» on page ${page}`).toBeGreaterThanOrEqual(y0 - 1);
            expect(w.yMax, `«${w.text}» on page ${page}`).toBeLessThanOrEqual(y1 + 1);
          }
          const text = squash(
            inRow
              .sort((p, q) => p.yMin - q.yMin || p.xMin - q.xMin)
              .map((w) => w.text)
              .join(' '),
          );
          into.push(text);
        }
      }
    }
    // Header bands (repeated on each page) aside, each band holds exactly one line's text.
    const body = (texts: string[]) =>
      texts.filter((t) => t !== 'Các hoạt động' && t !== 'Ghi chú' && t !== '');
    expect(body(labels)).toEqual(lines.map((l) => squash(l.label)));
    expect(body(notes)).toEqual(lines.map((l) => squash(l.note)).filter(Boolean));
    expect(notes.join(' ')).toContain(squash(`UBND Phường Tân Phong: ${LONG_NOTE}`));
  });
});

describe("a unit's own printed table", () => {
  it('has the unit as the issuing body, its own numbers and its head signing', () => {
    expect(result.units.map((u) => u.unitId).sort()).toEqual([...REPORTERS].sort());
    const phong = result.units.find((u) => u.unitId === 'p-tan-phong');
    expect(phong?.pdf && existsSync(phong.pdf)).toBe(true);
    const text = pdfText(phong?.pdf ?? '');
    expect(text).toContain('ỦY BAN NHÂN DÂN QUẬN 7');
    expect(text).toContain('UBND PHƯỜNG TÂN PHONG');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toMatch(/Ngân sách nhà nước\s+đồng\s+1\.500\.000/);
    expect(text).toContain('THỦ TRƯỞNG ĐƠN VỊ');
    expect(text).not.toContain('1.208.500.000');
  });
});
