import { describe, expect, it } from 'vitest';
import { formatValue, parseUserEntered } from './format.ts';

const number = (pattern: string) => ({ numberFormat: { type: 'NUMBER', pattern } });

describe('formatted values', () => {
  it.each([
    [1500000, number('#,##0'), 'vi_VN', '1.500.000'],
    [1500000, number('#,##0'), 'en_US', '1,500,000'],
    [1234.5, number('#,##0.00'), 'vi_VN', '1.234,50'],
    [-42000, number('#,##0'), 'vi_VN', '-42.000'],
    [0.256, { numberFormat: { type: 'PERCENT', pattern: '0.0%' } }, 'vi_VN', '25,6%'],
    [0.5, { numberFormat: { type: 'PERCENT' } }, 'en_US', '50.00%'],
    [1500000, number('#,##0 "đ"'), 'vi_VN', '1.500.000 đ'],
    [1 / 3, undefined, 'en_US', '0.3333333333'],
    [1.5, undefined, 'vi_VN', '1,5'],
    [1500000, undefined, 'vi_VN', '1500000'],
    [true, undefined, 'vi_VN', 'TRUE'],
    ['Đã nộp', number('#,##0'), 'vi_VN', 'Đã nộp'],
  ])('%s with %j in %s shows %s', (value, format, locale, shown) => {
    expect(formatValue(value, format, locale)).toBe(shown);
  });
});

describe('USER_ENTERED parsing', () => {
  it.each([
    ['42', { numberValue: 42 }],
    ['-3.5', { numberValue: -3.5 }],
    ['=1+1', { formulaValue: '=1+1' }],
    ["'=1+1", { stringValue: '=1+1' }],
    ["'0123", { stringValue: '0123' }],
    ['TRUE', { boolValue: true }],
    ['Phường Tân Phong', { stringValue: 'Phường Tân Phong' }],
    ['=', { stringValue: '=' }],
    ['12.5%', { numberValue: 0.125 }],
    ['1e999', { stringValue: '1e999' }],
    [`${'9'.repeat(400)}%`, { stringValue: `${'9'.repeat(400)}%` }],
  ])('%s becomes %j', (input, expected) => {
    expect(parseUserEntered(input)).toEqual(expected);
  });
});
