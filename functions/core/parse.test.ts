import { describe, expect, it } from 'vitest';
import { q7, rawWith } from '../../testing/submissions.ts';
import { HARD_LIMIT } from './numbers.ts';
import { MAX_TEXT_LENGTH, parseSubmission } from './parse.ts';

const campaign = q7();

describe("parsing a unit's answers", () => {
  it('reads numbers, blanks and text of sections answered "Có"', () => {
    const { report, findings } = parseSubmission(
      campaign,
      rawWith(campaign, {
        '1.2.count': '3',
        '1.2.people': '1.250',
        '1.3.count': '',
        '10.1.amount': '1.500.000 đồng',
        '11.text': 'Tổ chức triển lãm ảnh',
        '1.note': 'Học trực tuyến qua Zoom',
      }),
    );
    expect(findings).toEqual([]);
    expect(report.values['1.2.count']).toBe(3);
    expect(report.values['1.2.people']).toBe(1250);
    expect(report.values['1.3.count']).toBeNull();
    expect(report.values['10.1.amount']).toBe(1_500_000);
    expect(report.values['10.2.amount']).toBeNull();
    expect(report.texts['11.text']).toBe('Tổ chức triển lãm ảnh');
    expect(report.texts['1.note']).toBe('Học trực tuyến qua Zoom');
    expect(report.activities['1']).toBe(true);
  });

  it('turns every measure of a section answered "Không" into a reported zero', () => {
    const { report } = parseSubmission(campaign, rawWith(campaign, {}));
    expect(report.activities['5']).toBe(false);
    for (const id of ['5.1.count', '5.3.count', '5.3.people', '10.1.amount']) {
      expect(report.values[id]).toBe(0);
    }
  });

  it('ignores numbers typed in a section answered "Không", and says so', () => {
    const { report, findings } = parseSubmission(
      campaign,
      rawWith(campaign, { '2.count': '5' }, { '2': 'Không' }),
    );
    expect(report.values['2.count']).toBe(0);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.message).toContain('Mục 2');
    expect(findings[0]?.message).toContain('chọn "Không"');
  });

  it('reports an unreadable number as an error naming the row, the measure and what was typed', () => {
    const { findings } = parseSubmission(
      campaign,
      rawWith(campaign, { '1.2.count': '2,5', '1.2.people': '30' }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', rowId: '1.2', measureId: '1.2.count' });
    expect(findings[0]?.message).toMatch(
      /^Dòng 1\.2 «Bồi dưỡng nâng cao trình độ ngoại ngữ.*», số lớp: Bạn đã nhập "2,5"/,
    );
  });

  describe('hard limits per kind of figure', () => {
    it.each([
      ['1.2.people', '1.2', 'people', '100.000.000'],
      ['2.count', '2', 'count', '1.000.000'],
      ['10.1.amount', '10.1', 'amount', '1.000.000.000.000'],
    ] as const)(
      'accepts %s at its limit and refuses one more, naming row %s and the %s limit written %s',
      (id, rowId, kind, written) => {
        const limit = HARD_LIMIT[kind];
        const at = parseSubmission(campaign, rawWith(campaign, { [id]: String(limit) }));
        expect(at.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(at.report.values[id]).toBe(limit);

        const above = parseSubmission(campaign, rawWith(campaign, { [id]: String(limit + 1) }));
        expect(above.report.values[id]).toBeNull();
        expect(above.findings).toHaveLength(1);
        expect(above.findings[0]).toMatchObject({
          severity: 'error',
          code: 'number-beyond-limit',
          rowId,
          measureId: id,
        });
        expect(above.findings[0]?.message.startsWith(`Dòng ${rowId} «`)).toBe(true);
        expect(above.findings[0]?.message).toContain(`giới hạn ${written}`);
      },
    );
  });

  it('asks for "Có" or "Không" when a section is left without either and without answers', () => {
    const raw = rawWith(campaign, {});
    const { findings } = parseSubmission(campaign, {
      ...raw,
      activities: { ...raw.activities, '3': '' },
    });
    expect(findings.map((f) => f.message)).toEqual([
      'Mục 3 «Ấn phẩm thông tin»: chưa chọn "Có" hoặc "Không". Hãy chọn "Không" nếu đơn vị không tổ chức hoạt động này.',
    ]);
  });

  it('takes answers without a Có/Không choice as "Có"', () => {
    const raw = rawWith(campaign, { '3.count': '200' });
    const { report, findings } = parseSubmission(campaign, {
      ...raw,
      activities: { ...raw.activities, '3': undefined },
    });
    expect(findings).toEqual([]);
    expect(report.values['3.count']).toBe(200);
  });

  it('never reads computed or unknown answer keys, and lists them', () => {
    const { report, ignored } = parseSubmission(
      campaign,
      rawWith(campaign, { '1.count': '999', 'x.y': '1', '1.1.count': '1', '1.1.people': '5' }),
    );
    expect(report.values['1.count']).toBeUndefined();
    expect(ignored.sort()).toEqual(['1.count', 'x.y']);
  });

  it('refuses free text longer than the limit, naming the row', () => {
    const { findings } = parseSubmission(
      campaign,
      rawWith(campaign, { '11.text': 'a'.repeat(MAX_TEXT_LENGTH + 1) }),
    );
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toContain('Dòng 11 «Các nội dung khác (nếu có)»');
  });

  it('keeps text in NFC without control characters, formulas stay plain text', () => {
    const { report } = parseSubmission(
      campaign,
      rawWith(campaign, {
        '11.text': `  ${'Tân Kiểng'.normalize('NFD')}\u0007 =IMPORTXML("http://x","//a")\u200b `,
      }),
    );
    expect(report.texts['11.text']).toBe('Tân Kiểng =IMPORTXML("http://x","//a")');
  });

  it.each([
    ['a@example.vn', 'a@example.vn'],
    ['victim@example.vn\r\nBcc: all@example.vn', null],
    ['not an email', null],
    ['"x"@example.vn', null],
  ])('uses the receipt email %j only if it is a plain address', (typed, expected) => {
    const raw = rawWith(campaign, {});
    const { report, findings } = parseSubmission(campaign, { ...raw, contact: { email: typed } });
    expect(report.contact.email).toBe(expected);
    if (expected === null) expect(findings[0]?.code).toBe('contact-email-invalid');
  });

  it('collapses line breaks in contact fields so they stay one line', () => {
    const raw = rawWith(campaign, {});
    const { report } = parseSubmission(campaign, {
      ...raw,
      contact: { name: 'Nguyễn\r\nBcc: x@y.vn' },
    });
    expect(report.contact.name).toBe('Nguyễn Bcc: x@y.vn');
  });

  it.each([
    ['https://photos.app.goo.gl/abc', 'https://photos.app.goo.gl/abc'],
    ['javascript:alert(1)', null],
    ['drive.google.com/x', null],
  ])('keeps the album link %j only if it is http(s)', (typed, expected) => {
    const raw = rawWith(campaign, {});
    expect(parseSubmission(campaign, { ...raw, albumUrl: typed }).report.albumUrl).toBe(expected);
  });
});
