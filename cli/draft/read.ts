// Reads an appendix table file (.docx, .xlsx, or text copied out of Word) into rows of cells.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { PermanentError } from '../../forms/errors.ts';

type Rows = string[][];

/** The file is not one the drafter reads, or is damaged. */
export class TableFileError extends PermanentError {}

const hasStt = (rows: Rows) => rows.some((r) => r.some((c) => /^\s*stt\s*$/i.test(c)));

/** Text copied out of Word or saved from Excel as "Text (Tab delimited)": one row a line. */
export const tsvRows = (text: string): Rows =>
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.split('\t'));

/** The first sheet with an "STT" cell; a merged cell's text is kept in its first cell only. */
export async function xlsxRows(data: Buffer): Promise<Rows> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheets = workbook.worksheets.map((sheet) => {
    const rows: Rows = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        const cell = row.getCell(c);
        const slave = cell.isMerged && cell.master.address !== cell.address;
        cells.push(slave ? '' : cell.text);
      }
      rows.push(cells);
    }
    return rows;
  });
  const found = sheets.find(hasStt) ?? sheets[0];
  if (!found) throw new TableFileError('Tệp Excel không có trang tính nào.');
  return found;
}

/**
 * The first table with an "STT" cell in word/document.xml, preceded by the paragraphs above it
 * (the title lines). A cell spanning columns (w:gridSpan) is followed by empty cells, so columns
 * line up as in the printed table; a cell merged down (w:vMerge) is empty below its first row.
 */
export async function docxRows(data: Buffer): Promise<Rows> {
  const zip = await JSZip.loadAsync(data).catch((cause: unknown) => {
    throw new TableFileError('Tệp Word bị hỏng hoặc không phải .docx.', { cause });
  });
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) throw new TableFileError('Tệp Word không có nội dung (thiếu word/document.xml).');

  const tables: { before: Rows; rows: Rows }[] = [];
  let paragraphs: Rows = [];
  let depth = 0; // nested tables are read as text of their outer cell
  let rows: Rows = [];
  let row: string[] = [];
  let cell: string[] = [];
  let span = 1;
  let text = '';
  let inText = false;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const attr = (name: string) => tag.attributes[name] as string | undefined;
    if (tag.name === 'w:tbl') depth++;
    else if (depth === 1 && tag.name === 'w:tr') row = [];
    else if (depth === 1 && tag.name === 'w:tc') {
      cell = [];
      span = 1;
    } else if (depth === 1 && tag.name === 'w:gridSpan') span = Number(attr('w:val') ?? 1) || 1;
    else if (tag.name === 'w:p') text = '';
    else if (tag.name === 'w:t') inText = true;
    else if (tag.name === 'w:tab' || tag.name === 'w:br') text += ' ';
  });
  parser.on('text', (t) => {
    if (inText) text += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'w:t') inText = false;
    else if (tag.name === 'w:p') {
      if (depth === 0) paragraphs.push([text]);
      else cell.push(text);
    } else if (depth === 1 && tag.name === 'w:tc') {
      row.push(cell.join(' ').trim());
      for (let i = 1; i < span; i++) row.push('');
    } else if (depth === 1 && tag.name === 'w:tr') rows.push(row);
    else if (tag.name === 'w:tbl') {
      depth--;
      if (depth === 0) {
        tables.push({ before: paragraphs, rows });
        paragraphs = [];
        rows = [];
      }
    }
  });
  try {
    parser.write(xml).close();
  } catch (cause) {
    throw new TableFileError('Tệp Word bị hỏng (word/document.xml không đọc được).', { cause });
  }
  const found = tables.find((t) => hasStt(t.rows)) ?? tables[0];
  if (!found) throw new TableFileError('Tệp Word không có bảng nào.');
  return [...found.before, ...found.rows];
}

/** Reads a table file by its extension: .docx, .xlsx, or text (.tsv, .txt). */
export async function readTableFile(path: string): Promise<Rows> {
  const ext = extname(path).toLowerCase();
  if (ext === '.doc' || ext === '.xls') {
    throw new TableFileError(
      `Chưa đọc được tệp ${ext} (định dạng cũ). Hãy mở bằng Word/Excel và lưu lại thành ${ext}x.`,
    );
  }
  const data = await readFile(path);
  if (ext === '.docx') return docxRows(data);
  if (ext === '.xlsx') return xlsxRows(data);
  return tsvRows(data.toString('utf8'));
}
