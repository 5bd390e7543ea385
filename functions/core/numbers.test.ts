import { describe, expect, it } from 'vitest';
import { type NumericKind, parseVietnameseNumber } from './numbers.ts';

describe('reading numbers as Vietnamese people type them', () => {
  it.each<[string, NumericKind, number]>([
    ['1500000', 'amount', 1_500_000],
    ['1.500.000', 'amount', 1_500_000],
    ['1 500 000', 'amount', 1_500_000],
    ['1\u00a0500\u00a0000', 'amount', 1_500_000],
    ['1\u202f500\u202f000', 'amount', 1_500_000],
    ['1.500.000 đồng', 'amount', 1_500_000],
    ['1.500.000đ', 'amount', 1_500_000],
    ['1.500.000 VNĐ', 'amount', 1_500_000],
    ['1.500.000 vnd', 'amount', 1_500_000],
    ['1,500,000', 'amount', 1_500_000],
    ['2 triệu', 'amount', 2_000_000],
    ['2tr', 'amount', 2_000_000],
    ['2 triệu đồng', 'amount', 2_000_000],
    ['1,5 tỷ', 'amount', 1_500_000_000],
    ['1,5 tỉ', 'amount', 1_500_000_000],
    ['1.5 triệu', 'amount', 1_500_000],
    ['0,25 triệu', 'amount', 250_000],
    ['500k', 'amount', 500_000],
    ['500 nghìn', 'amount', 500_000],
    ['500 ngàn', 'amount', 500_000],
    ['1 tỷ 200 triệu', 'amount', 1_200_000_000],
    ['2 triệu 500 nghìn', 'amount', 2_500_000],
    ['1.500 triệu', 'amount', 1_500_000_000],
    ['12', 'count', 12],
    ['0', 'count', 0],
    ['007', 'count', 7],
    ['12 lớp', 'count', 12],
    ['3 cuộc', 'count', 3],
    ['1.250', 'people', 1250],
    ['1.250 người', 'people', 1250],
    ['1,5 nghìn người', 'people', 1500],
    ['  45  ', 'people', 45],
    ['không', 'count', 0],
    ['１２', 'count', 12],
    ['1\u200b2', 'count', 12],
    ['1.000.000.000.000', 'amount', 1e12],
  ])('reads "%s" (%s) as %d', (typed, kind, expected) => {
    expect(parseVietnameseNumber(typed, kind)).toEqual({ ok: true, value: expected });
  });

  it('reads the words of a row\'s unit after the number ("3 trường")', () => {
    expect(parseVietnameseNumber('3 trường', 'count', ['Trường', 'trung', 'tâm'])).toEqual({
      ok: true,
      value: 3,
    });
  });

  it.each(['', '   ', '-', '\u200b'])('tells a blank answer (%j) from a reported zero', (typed) => {
    expect(parseVietnameseNumber(typed, 'count')).toEqual({ ok: true, value: null });
  });

  it.each<[string, NumericKind, string, string]>([
    ['-5', 'count', 'negative', 'không được âm'],
    ['−5', 'people', 'negative', 'không được âm'],
    ['2,5', 'count', 'not-integer', 'số nguyên'],
    ['1.500.000,5', 'amount', 'not-integer', 'tròn đồng'],
    ['1,500', 'amount', 'ambiguous', 'hàng nghìn'],
    ['1.5', 'count', 'ambiguous', 'hàng nghìn'],
    ['1.50', 'amount', 'ambiguous', 'hàng nghìn'],
    ['2 triệu 500', 'amount', 'ambiguous', 'nhiều nghĩa'],
    ['500 nghìn 2 triệu', 'amount', 'ambiguous', 'nhiều nghĩa'],
    ['mười hai', 'count', 'not-a-number', 'không phải là một số'],
    ['abc', 'count', 'not-a-number', 'không phải là một số'],
    ['1e6', 'amount', 'not-a-number', 'không hiểu chữ "e"'],
    ['12 con mèo', 'count', 'not-a-number', 'không phải'],
    ['=1+1', 'count', 'not-a-number', 'không phải là một số'],
    ['1.2.3', 'count', 'not-a-number', 'không phải là một số'],
    ['5 đồng', 'count', 'not-a-number', 'không hiểu chữ "đồng"'],
    ['99999999999999999999', 'amount', 'too-large', 'quá lớn'],
    ['2000 tỷ tỷ', 'amount', 'not-a-number', ''],
  ])(
    'refuses "%s" (%s) as %s, saying what was typed and what is expected',
    (typed, kind, problem, why) => {
      const result = parseVietnameseNumber(typed, kind);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problem).toBe(problem);
      expect(result.message).toContain(`Bạn đã nhập "${typed.trim()}"`);
      expect(result.message).toContain(why);
      expect(result.message).toMatch(/Hãy nhập/);
    },
  );

  it('shows a long answer shortened in the message', () => {
    const result = parseVietnameseNumber('x'.repeat(1_000_000), 'count');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(200);
  });
});
