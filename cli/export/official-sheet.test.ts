import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { addOfficialSheet, columnWidths } from './official-sheet.ts';

const col = (header: string, kinds: ('count' | 'people' | 'amount')[]) => ({ header, kinds });

describe("the printed table's column widths", () => {
  it.each([
    [
      "2021's two columns, as the decree's page had them",
      [col('Số lớp/số cuộc thi', ['count', 'amount']), col('Người', ['people'])],
      [6, 49, 14, 14, 11, 24],
    ],
    [
      'three columns, money wider: the activities take what is left of the page',
      [col('Số cuộc', ['count']), col('Người', ['people']), col('Kinh phí (đồng)', ['amount'])],
      [6, 38, 14, 11, 11, 14, 24],
    ],
  ])('%s', (_, columns, widths) => {
    const got = columnWidths(columns);
    expect(got).toEqual(widths);
    expect(got.reduce((n, w) => n + w, 0)).toBe(118);
  });

  it('keeps the activities readable when many columns would squeeze them (the page is scaled)', () => {
    const many = Array.from({ length: 6 }, (_, i) => col(`Cột số ${i + 1} rất dài`, ['count']));
    const got = columnWidths(many);
    expect(got[1]).toBe(30);
    expect(got.reduce((n, w) => n + w, 0)).toBeGreaterThan(118);
    const ws = addOfficialSheet(new ExcelJS.Workbook(), 'Tổng hợp', {
      letterhead: {
        body: 'UBND PHƯỜNG',
        dateLine: 'ngày 01 tháng 12 năm 2026',
        signer: { title: 'CHỦ TỊCH' },
      },
      report: { title: 'BÁO CÁO', subtitle: 'NĂM 2026', attachedTo: '(Kèm theo)' },
      table: { columns: many },
      lines: [],
    });
    expect(ws.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printArea).toMatch(/^A1:J\d+$/);
  });
});
