// The correction link of the 2021 campaign: what it prefills reads back as the counted report, and its lengths against Google's limit.
import { describe, expect, it } from 'vitest';
import { personalLink } from '../../forms/form-builder.ts';
import { noteId } from '../../forms/schema.ts';
import { q7, rawWith } from '../../testing/submissions.ts';
import { rawFromResponse } from './answers.ts';
import { checkSubmission } from './check.ts';
import { type Counted, correctionLink, MAX_LINK_LENGTH } from './correction.ts';
import { MAX_CONTACT_LENGTH, MAX_TEXT_LENGTH, parseSubmission, type UnitReport } from './parse.ts';
import { unitToken } from './token.ts';

const campaign = q7();
/** A Google responder URL as long as Google's (56-character responder id) and a real unit. */
const RESPONDER = `https://docs.google.com/forms/d/e/1FAIpQLS${'x'.repeat(48)}/viewform`;
const longestUnit = campaign.units.reduce((a, b) =>
  encodeURIComponent(b.name).length > encodeURIComponent(a.name).length ? b : a,
);
const BASE = personalLink(
  RESPONDER,
  campaign,
  longestUnit,
  unitToken('a-test-secret-of-at-least-32-characters', campaign.id, longestUnit.id),
);

const report = (answers: Record<string, string>): UnitReport =>
  checkSubmission(campaign, rawWith(campaign, answers)).report;

/** What the form records when the link is opened and sent unchanged, read back as sync reads it. */
function sentUnchanged(link: string): UnitReport {
  const answers = [...new URL(link).searchParams.entries()]
    .filter(([k]) => k.startsWith('entry.'))
    .map(([k, value]) => {
      const questionId = Number(k.slice('entry.'.length)).toString(16);
      return [questionId, { questionId, textAnswers: { answers: [{ value }] } }];
    });
  const { raw } = rawFromResponse(campaign, {
    responseId: 'R1',
    answers: Object.fromEntries(answers),
  });
  return parseSubmission(campaign, raw).report;
}

const full = {
  '1.1.count': '2',
  '1.1.people': '3.500',
  '1.2.count': '1',
  '1.2.people': '0',
  '1.note': 'Lớp học tổ chức tại nhà văn hóa khu phố 3 & 4 (buổi tối).',
  '2.count': '12',
  '10.1.amount': '45.000.000',
  '10.2.amount': '2,5 triệu',
  '11.text': 'Tặng 20 tủ sách cho các khu phố.',
};

describe('the correction link: a personal link prefilled with what is counted', () => {
  it('sent unchanged, it gives back the counted report: figures, notes, sections, contact', () => {
    const counted = report(full);
    const c = correctionLink(campaign, BASE, counted);
    expect(c.kind).toBe('prefilled');
    const back = sentUnchanged(c.link);
    expect(back.values).toEqual(counted.values);
    expect(back.texts).toEqual(counted.texts);
    expect(back.activities).toEqual(counted.activities);
    expect(back.contact).toEqual(counted.contact);
  });

  it('writes numbers the Vietnamese way and keeps the unit and its code from the personal link', () => {
    const { link } = correctionLink(campaign, BASE, report(full));
    const params = new URL(link).searchParams;
    expect([...params.values()]).toEqual(expect.arrayContaining(['3.500', '45.000.000']));
    expect([...params.values()]).toEqual(expect.arrayContaining(['2.500.000']));
    expect(link.startsWith(BASE)).toBe(true);
  });

  it('answers "Có" for a section with any non-zero figure or text, "Không" otherwise', () => {
    // Counted as the sheet holds it: a coordinator typed a figure into a section the unit skipped.
    const counted: Counted = {
      values: { ...report({}).values, '5.1.count': 4, '1.1.count': 0, '1.1.people': null },
      texts: { [noteId('3')]: 'Chỉ có ghi chú.' },
      contact: { name: 'Trần Thị B', position: '', phone: '0283 123 456' },
      albumUrl: '',
    };
    const back = sentUnchanged(correctionLink(campaign, BASE, counted).link);
    expect(back.activities).toMatchObject({ '1': false, '3': true, '5': true, '2': false });
    expect(back.values['5.1.count']).toBe(4);
    expect(back.texts).toEqual({ '3.note': 'Chỉ có ghi chú.' });
    expect(back.contact).toMatchObject({ name: 'Trần Thị B', phone: '0283 123 456' });
  });

  it('is the bare personal link when nothing is counted: there is nothing to keep', () => {
    expect(correctionLink(campaign, BASE, null)).toEqual({ kind: 'bare', link: BASE });
  });
});

/** A note at the form's maximum: Vietnamese words, each accented letter 6–9 characters encoded. */
const longNote = (seed: string) =>
  `${seed} `.concat('Hoạt động học tập suốt đời ở khu phố. '.repeat(200)).slice(0, MAX_TEXT_LENGTH);

describe('the correction link against the length Google accepts', () => {
  const everyFigure = (big: boolean) =>
    Object.fromEntries(
      campaign.askedMeasures
        .filter((m) => m.kind !== 'text')
        .map((m) => [
          m.id,
          m.kind === 'amount'
            ? big
              ? 999_999_999_999
              : 15_000_000
            : m.kind === 'people'
              ? big
                ? 9_999_999
                : 350
              : big
                ? 99_999
                : 4,
        ]),
    );
  const notes = (text: (sectionId: string) => string) =>
    Object.fromEntries([
      ...campaign.sections.filter((s) => s.note).map((s) => [noteId(s.id), text(s.id)]),
      ['11.text', text('11')],
    ]);
  const longest: Counted = {
    values: everyFigure(true),
    texts: notes(longNote),
    contact: {
      name: 'Nguyễn Thị Hồng '.repeat(20).slice(0, MAX_CONTACT_LENGTH),
      position: 'Phó Chủ tịch Ủy ban nhân dân phường '.repeat(10).slice(0, MAX_CONTACT_LENGTH),
      phone: '0909 123 456',
      email: 'van.thu.phuong.tan.thuan.dong@quan7.hochiminhcity.gov.vn',
    },
    albumUrl:
      'https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQrStUvWxYz012345?usp=sharing',
  };
  const typical: Counted = {
    values: everyFigure(false),
    texts: notes((id) => `Mục ${id}: tổ chức tại nhà văn hóa khu phố, có phối hợp với trường.`),
    contact: { name: 'Nguyễn Văn An', position: 'Phó Chủ tịch', phone: '0909 123 456' },
    albumUrl: 'https://photos.app.goo.gl/AbCdEfGhIjKlMnOp1',
  };

  it('keeps every figure and every short note of a typical report (the README quotes the length)', () => {
    const c = correctionLink(campaign, BASE, typical);
    expect(c).toMatchObject({ kind: 'prefilled', retype: [] });
    expect(c.link.length).toBe(4_074);
  });

  it('needs under 2,000 characters for the figures alone (the README quotes these too)', () => {
    const figures = (big: boolean) =>
      correctionLink(campaign, BASE, {
        ...typical,
        texts: {},
        albumUrl: null,
        values: everyFigure(big),
      });
    expect(figures(false).link.length).toBe(1_703);
    expect(figures(true).link.length).toBe(1_973);
  });

  it('keeps every figure of the longest report and drops the notes that do not fit, longest first', () => {
    const untrimmed = correctionLink(campaign, BASE, longest, Number.POSITIVE_INFINITY);
    expect(untrimmed.link.length).toBe(191_523);
    const c = correctionLink(campaign, BASE, longest);
    if (c.kind !== 'prefilled') throw new Error(`expected a prefilled link, got ${c.kind}`);
    expect(c.link.length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
    expect(c.link.length).toBe(3_243);
    // All eleven notes are as long: none fits beside the figures, so all are to be typed again.
    expect(c.retype).toHaveLength(11);
    const back = sentUnchanged(c.link);
    for (const [id, value] of Object.entries(longest.values)) expect(back.values[id]).toBe(value);
  });

  it('drops the longest note first and keeps the short ones', () => {
    const mixed: Counted = {
      ...typical,
      texts: {
        ...typical.texts,
        '1.note': longNote('Một'),
        '4.note': longNote('Bốn').slice(0, 900),
      },
    };
    const c = correctionLink(campaign, BASE, mixed);
    expect(c).toMatchObject({ kind: 'prefilled', retype: ['1.note'] });
    const back = sentUnchanged(c.link);
    expect(back.texts['4.note']).toBe(mixed.texts['4.note']?.trim());
    expect(back.texts['1.note']).toBeUndefined();
    expect(back.texts['2.note']).toBe(typical.texts['2.note']);
  });

  it('gives up prefilling, never a partial link, when even the figures do not fit', () => {
    const c = correctionLink(campaign, BASE, typical, 1_000);
    expect(c).toEqual({ kind: 'unfilled', link: BASE });
  });
});
