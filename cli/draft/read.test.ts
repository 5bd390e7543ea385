import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { draftCampaign } from './draft.ts';
import { docxRows, TableFileError, tsvRows, xlsxRows } from './read.ts';
import { readAppendixTable } from './table.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/tables/${name}`, import.meta.url), 'utf8');
const seed2021 = () =>
  readFileSync(new URL('../../test/fixtures/seed-table.txt', import.meta.url), 'utf8');

/** Splits a TSV fixture into the title lines, the two header rows (the second may be absent) and the body. */
function parts(text: string) {
  const rows = tsvRows(text).filter((r) => r.some((c) => c.trim()));
  const at = rows.findIndex((r) => r.some((c) => /^(STT|TT)$/.test(c)));
  const titles = rows.slice(0, at).map((r) => r.join(' '));
  const top = rows[at] ?? [];
  const next = rows[at + 1] ?? [];
  const twoLevel = !next[0] && !next[1];
  return {
    titles,
    top,
    lower: twoLevel ? next : undefined,
    body: rows.slice(at + (twoLevel ? 2 : 1)),
  };
}

/** The table as a coordinator's Excel sheet: title rows, the group header merged across, the others merged down. */
async function asXlsx(text: string): Promise<Buffer> {
  const { titles, top, lower, body } = parts(text);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục');
  for (const t of titles) ws.addRow([t]);
  ws.addRow([]);
  const headerAt = ws.addRow(top).number;
  if (lower) {
    ws.addRow(lower);
    top.forEach((cell, i) => {
      if (!cell) return;
      let end = i;
      while (end + 1 < top.length && !top[end + 1] && lower[end + 1]) end++;
      if (end > i) ws.mergeCells(headerAt, i + 1, headerAt, end + 1);
      else ws.mergeCells(headerAt, i + 1, headerAt + 1, i + 1);
    });
  }
  for (const r of body) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
const para = (s: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(s)}</w:t></w:r></w:p>`;
const tc = (s: string, props = '') =>
  `<w:tc><w:tcPr>${props}</w:tcPr>${s ? para(s) : '<w:p/>'}</w:tc>`;

/** The table as Word writes it: title paragraphs, w:gridSpan across the group, w:vMerge down. */
async function asDocx(text: string): Promise<Buffer> {
  const { titles, top, lower, body } = parts(text);
  const header: string[] = [];
  const topCells: string[] = [];
  for (let i = 0; i < top.length; i++) {
    const cell = top[i] ?? '';
    let span = 1;
    while (lower && !top[i + span] && lower[i + span] && i + span < top.length) span++;
    const merge = lower && span === 1 ? '<w:vMerge w:val="restart"/>' : '';
    topCells.push(tc(cell, `${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}${merge}`));
    i += span - 1;
  }
  header.push(`<w:tr>${topCells.join('')}</w:tr>`);
  if (lower) {
    const cells = lower.map((c, i) => (c ? tc(c) : tc('', top[i] ? '<w:vMerge/>' : '')));
    header.push(`<w:tr>${cells.join('')}</w:tr>`);
  }
  const rows = body.map((r) => `<w:tr>${r.map((c) => tc(c)).join('')}</w:tr>`);
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
${para('PHỤ LỤC')}<w:p/>${titles.map(para).join('')}<w:p/>
<w:tbl>${header.join('')}${rows.join('')}</w:tbl>${para('Người lập biểu')}</w:body></w:document>`;
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>');
  zip.file('word/document.xml', xml);
  return zip.generateAsync({ type: 'nodebuffer' });
}

const draftOf = (rows: string[][]) =>
  draftCampaign(readAppendixTable(rows), { today: '2026-12-01' });
const shape = (d: ReturnType<typeof draftOf>) => ({
  campaign: d.campaign,
  columns: d.columns,
  guesses: d.guesses.length,
  undecided: d.undecided.filter((u) => !u.startsWith('Bỏ qua')),
});

describe('reading the appendix from a Word or Excel file', () => {
  it.each([
    ['the 2021 appendix', seed2021()],
    ['three quantity columns under one header', fixture('three-columns.tsv')],
    ['a budget column', fixture('budget.tsv')],
    ['a flat table with a free-text row', fixture('flat-with-text.tsv')],
  ])('drafts the same campaign from %s as .docx, .xlsx and copied text', async (_, text) => {
    const fromText = shape(draftOf(tsvRows(text)));
    expect(shape(draftOf(await docxRows(await asDocx(text))))).toEqual(fromText);
    expect(shape(draftOf(await xlsxRows(await asXlsx(text))))).toEqual(fromText);
  });

  it('takes the title lines of a Word file from the paragraphs just above the table', async () => {
    const rows = await docxRows(await asDocx(fixture('three-columns.tsv')));
    expect(readAppendixTable(rows).titleLines).toEqual([
      'BÁO CÁO KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN',
      'NĂM HỌC 2025-2026',
      '(Kèm theo Kế hoạch số 112/KH-SGDĐT)',
    ]);
  });

  it('refuses a file that is not a Word document, in Vietnamese', async () => {
    await expect(docxRows(Buffer.from('not a zip'))).rejects.toThrow(TableFileError);
    await expect(docxRows(Buffer.from('not a zip'))).rejects.toThrow('Tệp Word bị hỏng');
  });
});
