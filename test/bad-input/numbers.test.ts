// Bad input, numbers: whatever is typed in a number field, the parser answers a safe integer, a blank or a clear Vietnamese refusal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../forms/format.ts';
import {
  MAX_TYPED_LENGTH,
  MAX_VALUE,
  type NumericKind,
  parseVietnameseNumber,
} from '../../functions/core/numbers.ts';
import { decideFromUnitA, withPayload } from '../../testing/decisions.ts';
import {
  anyText,
  huge,
  isWellFormed,
  negative,
  numberish,
  REPLAYABLE,
} from '../../testing/hostile-text.ts';

fc.configureGlobal(REPLAYABLE);

const KINDS: NumericKind[] = ['count', 'people', 'amount'];
const MB = 1 << 20;

/** "１．５００": digits and points as a Chinese or Japanese keyboard types them. */
const fullWidth = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/\./g, '\uff0e');

/** Any code points, including ones no font shows. */
const binaryText = fc.string({ unit: 'binary', maxLength: 80 });
/** Halves of cut emoji: text that is not valid UTF-16. */
const loneSurrogates = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  maxLength: 5,
});

/** What a number error quotes back: the answer as typed, NFC, spaces collapsed, maybe shortened. */
function expectQuotes(message: string, raw: string) {
  const full = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  const lead = 'Bạn đã nhập "';
  expect(message.startsWith(lead)).toBe(true);
  const rest = message.slice(lead.length);
  if (rest.startsWith(`${full}"`)) return;
  // Shortened: a prefix of what was typed, at most 40 characters, then "…".
  const cut = rest.indexOf('…"');
  expect(cut).toBeGreaterThan(0);
  const prefix = rest.slice(0, cut);
  expect(full.startsWith(prefix)).toBe(true);
  expect(Array.from(prefix).length).toBeLessThanOrEqual(40);
}

/** Parses and checks the answer is sound: a safe value, or a short NFC message quoting the answer. */
function checkNumber(raw: string, kind: NumericKind) {
  const parsed = parseVietnameseNumber(raw, kind);
  if (parsed.ok) {
    if (parsed.value !== null) {
      expect(Number.isSafeInteger(parsed.value)).toBe(true);
      expect(parsed.value).toBeGreaterThanOrEqual(0);
      expect(parsed.value).toBeLessThanOrEqual(MAX_VALUE);
    }
    return parsed;
  }
  expect(parsed.message).toMatch(/Hãy nhập/);
  expect(parsed.message.length).toBeLessThan(500);
  expect(parsed.message.normalize('NFC')).toBe(parsed.message);
  if (isWellFormed(raw)) {
    expect(isWellFormed(parsed.message)).toBe(true);
    expectQuotes(parsed.message, raw);
  }
  return parsed;
}

describe('parseVietnameseNumber over anything typed', () => {
  it('never throws; answers a safe non-negative integer, blank, or a Vietnamese message quoting the answer', () => {
    fc.assert(
      fc.property(
        fc.oneof(numberish, anyText, binaryText, loneSurrogates, huge, negative),
        fc.constantFrom(...KINDS),
        (raw, kind) => {
          checkNumber(raw, kind);
        },
      ),
      { numRuns: 3000 },
    );
    // An emoji or a combined letter where the quote is cut must not be split in half.
    for (const raw of [
      `${'a'.repeat(39)}😀x`,
      `${'1'.repeat(39)}👍🏽 người`,
      `${'x'.repeat(38)}😀😀😀`,
    ]) {
      for (const kind of KINDS) expect(checkNumber(raw, kind).ok).toBe(false);
    }
  });

  it('reads NFD, zero-width spaces, full-width digits and non-breaking spaces as the plain number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), (n) => {
        const plain = formatNumber(n);
        const variants = [
          plain,
          fullWidth(plain),
          plain.replace(/\./g, '.\u200b'),
          `\ufeff${plain}\u200d`,
          plain.replace(/\./g, '\u00a0'),
          plain.replace(/\./g, '\u202f'),
          `${plain} người`.normalize('NFD'),
        ];
        for (const v of variants) expect(checkNumber(v, 'people')).toEqual({ ok: true, value: n });
        expect(checkNumber(`${plain} đồng`.normalize('NFD'), 'amount')).toEqual({
          ok: true,
          value: n,
        });
      }),
    );
    expect(checkNumber('1,5 triệu'.normalize('NFD'), 'amount')).toEqual({
      ok: true,
      value: 1_500_000,
    });
    expect(checkNumber('１．５００．０００ đ', 'amount')).toEqual({ ok: true, value: 1_500_000 });
  });

  it('refuses every negative number as negative, with a message', () => {
    fc.assert(
      fc.property(
        negative.filter((s) => !/^[-\u2212\u2013] ?0$/.test(s)),
        fc.constantFrom(...KINDS),
        (raw, kind) => {
          const parsed = checkNumber(raw, kind);
          expect(parsed.ok).toBe(false);
          if (!parsed.ok) {
            expect(parsed.problem).toBe('negative');
            expect(parsed.message).toContain('không được âm');
          }
        },
      ),
    );
  });

  it('refuses every number above 10^15 as too large, grouped or not, and never rounds it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: BigInt(MAX_VALUE) + 1n, max: 10n ** 60n }),
        fc.boolean(),
        (n, grouped) => {
          const raw = grouped ? n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.') : n.toString();
          const parsed = checkNumber(raw, 'amount');
          expect(parsed.ok).toBe(false);
          if (!parsed.ok) expect(parsed.problem).toBe('too-large');
        },
      ),
    );
  });

  it('round-trips formatNumber(n) for every safe non-negative integer up to 10^15', () => {
    const upTo = fc.oneof(
      fc.integer({ min: 0, max: 100_000 }),
      fc.bigInt({ min: 0n, max: BigInt(MAX_VALUE) }).map(Number),
      fc.constant(MAX_VALUE),
    );
    fc.assert(
      fc.property(upTo, fc.constantFrom(...KINDS), (n, kind) => {
        expect(checkNumber(formatNumber(n), kind)).toEqual({ ok: true, value: n });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads "1.500.000" style grouping with any thousands separator', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1000n, max: BigInt(MAX_VALUE) }),
        fc.constantFrom('.', ' ', '\u00a0', '\u202f', '\u2009', ','),
        fc.constantFrom('', ' đồng', 'đ', ' VNĐ', ' đ'),
        (n, sep, suffix) => {
          const digits = n.toString();
          const groups = digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
          // "1,500" alone is ambiguous (English decimal point); commas group only from 1,500,000.
          if (sep === ',' && digits.length <= 6) return;
          expect(checkNumber(`${groups}${suffix}`, 'amount')).toEqual({
            ok: true,
            value: Number(n),
          });
        },
      ),
    );
  });
});

describe('a megabyte typed in a number field', () => {
  it('is refused for its length, as too large or too long, with a clear message; so is the report carrying it', () => {
    const tooLarge = 'số quá lớn';
    const tooLong = 'câu trả lời quá dài, đây không phải là một số';
    const refusal = (raw: string, kind: NumericKind) => {
      const parsed = checkNumber(raw, kind);
      return parsed.ok ? `accepted as ${parsed.value}` : parsed.message;
    };
    const inputs: [string, string][] = [
      ['1'.repeat(MB), tooLarge],
      ['1.000'.repeat(MB / 5), tooLarge],
      ['1 '.repeat(MB / 2), tooLarge],
      ['a'.repeat(MB), tooLong],
      // A megabyte of spaces collapses to one: what is left, "1 a", is short and read as usual.
      [`1${' '.repeat(MB)}a`, 'không hiểu chữ "a"'],
      ['1a'.repeat(MB / 2), tooLong],
      [`${'1'.repeat(MB / 2)} triệu`, tooLong],
    ];
    for (const [raw, why] of inputs) {
      for (const kind of KINDS) expect(refusal(raw, kind)).toContain(why);
    }
    // The bound is MAX_TYPED_LENGTH characters: up to it the patterns read the answer; one more
    // and it is refused for its length alone, so a pasted megabyte never reaches a pattern.
    const atBound = refusal('a'.repeat(MAX_TYPED_LENGTH), 'count');
    expect(atBound).toContain('đây không phải là một số');
    expect(atBound).not.toContain(tooLong);
    expect(refusal('a'.repeat(MAX_TYPED_LENGTH + 1), 'count')).toContain(tooLong);
    const d = decideFromUnitA(withPayload('2.count', '9'.repeat(MB)).raw, 5);
    expect(d.outcome.kind).toBe('rejected');
    expect(d.outcome.checked.errors.map((e) => e.message).join('\n')).toMatch(
      /Dòng 2 .*số quá lớn/,
    );
  });
});
