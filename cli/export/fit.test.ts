import { describe, expect, it } from 'vitest';
import { rowHeight, textWidth, wrapText } from './fit.ts';
import { vietnameseNumberFormat } from './number-format.ts';

const regular = { size: 12 };

describe('measuring Times New Roman text', () => {
  it('gives tone-marked letters their base letter width, and horned letters their own', () => {
    expect(textWidth('ệ', regular)).toBe(textWidth('e', regular));
    expect(textWidth('Ẫ', regular)).toBe(textWidth('A', regular));
    expect(textWidth('ợ', regular)).toBe(textWidth('ơ', regular));
    expect(textWidth('ơ', regular)).toBeGreaterThan(textWidth('o', regular));
    expect(textWidth('Đ', { size: 12, bold: true })).toBeGreaterThan(0);
  });

  it('knows every character of the seed table (none falls back to the widest guess)', () => {
    const seed =
      'Thi vẽ sách (xếp sách nghệ thuật; vẽ tranh theo sách; tìm hiểu kiến thức qua sách báo; thiếu nhi kể chuyện theo sách; viết cảm nhận qua việc đọc sách) “TUẦN LỄ” Số cuộc/người – 1.500.000';
    for (const ch of seed) expect(textWidth(ch, regular), ch).toBeLessThan(12);
  });

  it('wraps at word boundaries, keeps explicit line breaks, and breaks a word longer than a line', () => {
    expect(wrapText('một hai ba', 1000, regular)).toEqual(['một hai ba']);
    expect(wrapText('một hai ba', textWidth('một hai', regular), regular)).toEqual([
      'một hai',
      'ba',
    ]);
    expect(wrapText('A: x\nB: y', 1000, regular)).toEqual(['A: x', 'B: y']);
    expect(wrapText('xxxxxxxx', textWidth('xxx', regular), regular)).toEqual(['xxx', 'xxx', 'xx']);
  });

  it('makes a row tall enough for its longest cell', () => {
    const one = rowHeight([{ text: 'ngắn', style: regular, widthUnits: 49 }]);
    const long = rowHeight([
      { text: 'ngắn', style: regular, widthUnits: 49 },
      { text: 'Phường Tân Phong: '.repeat(8), style: regular, widthUnits: 24 },
    ]);
    expect(long).toBeGreaterThanOrEqual(one * 5);
    expect(rowHeight([], 18)).toBe(18);
  });
});

describe('the number format', () => {
  it.each([
    [0, '[>=1000000]'],
    [999_999_999, '[>=1000000]'],
    [1_209_500_000, '[>=1000000000]'],
  ])('for %d starts %s and writes its separators as literal dots', (value, start) => {
    const format = vietnameseNumberFormat(value);
    expect(format.startsWith(start)).toBe(true);
    expect(format).not.toContain(',');
    expect(format).toContain('#\\.##0');
  });
});
