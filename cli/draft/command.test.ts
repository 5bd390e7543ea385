import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { campaignSchema } from '../../forms/schema.ts';
import { main } from '../main.ts';

async function run(args: string[]) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  const code = await main(args, {}, out);
  return { code, text };
}

const fixture = (name: string) =>
  new URL(`../../test/fixtures/tables/${name}`, import.meta.url).pathname;

describe('baocao new --from', () => {
  it('writes a draft YAML file the schema accepts, its guesses marked, and says what to fill', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'baocao-new-')), 'dot.yaml');
    const { code, text } = await run(['new', '--from', fixture('budget.tsv'), '--out', out]);
    expect(code).toBe(0);
    expect(text).toContain(`✓ Đã soạn ${out}: 3 mục, 5 dòng, 2 cột số lượng.`);
    expect(text).toContain('plan.date: ngày ký kế hoạch');
    expect(text).toContain('Chưa quyết định được:');
    expect(text).toContain('! Bảng không có cột cho số người');
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain('# ĐOÁN: dòng tổng: bằng tổng các dòng con');
    expect(yaml).toContain('# CẦN ĐIỀN: hạn nộp báo cáo');
    expect(yaml).toContain('#   Kinh phí (đồng) (số tiền)');
    const parsed = campaignSchema.safeParse({ ...parse(yaml), units: [] });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('reads an Excel sheet by its extension, and refuses an old .xls with what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baocao-new-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Biểu 1');
    ws.addRow(['BÁO CÁO SỐ LIỆU HỘI THI']);
    ws.addRow([]);
    ws.addRow(['STT', 'Nội dung', 'Đơn vị tính', 'Số lượng', 'Ghi chú']);
    ws.addRow([1, 'Hội thi kể chuyện', 'cuộc/người']);
    ws.addRow([2, 'Ý kiến khác']);
    await wb.xlsx.writeFile(join(dir, 'bieu.xlsx'));
    const out = join(dir, 'dot.yaml');
    const { code, text } = await run(['new', '--from', join(dir, 'bieu.xlsx'), '--out', out]);
    expect(code).toBe(0);
    expect(text).toContain('2 mục, 2 dòng, 1 cột số lượng.');
    expect(parse(readFileSync(out, 'utf8')).sections[1].rows[0].measures).toEqual([
      { kind: 'text', label: 'Nội dung' },
    ]);
    await expect(run(['new', '--from', join(dir, 'bieu.xls')])).rejects.toThrow(
      'lưu lại thành .xlsx',
    );
  });

  it('never overwrites an existing file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'baocao-new-')), 'dot.yaml');
    await run(['new', '--from', fixture('flat-with-text.tsv'), '--out', out]);
    const before = readFileSync(out, 'utf8');
    const { code, text } = await run(['new', '--from', fixture('budget.tsv'), '--out', out]);
    expect(code).toBe(2);
    expect(text).toContain('không ghi đè');
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('asks for the table when --from is missing, without needing a campaign', async () => {
    const { code, text } = await run(['new']);
    expect(code).toBe(2);
    expect(text).toContain('baocao new --from');
  });
});
