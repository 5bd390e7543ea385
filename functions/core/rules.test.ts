import { describe, expect, it } from 'vitest';
import { q7, rawWith } from '../../testing/submissions.ts';
import { checkSubmission } from './check.ts';

const campaign = q7();
const check = (answers: Record<string, string>, activities?: Record<string, string>) =>
  checkSubmission(campaign, rawWith(campaign, answers, activities));

describe("the 2021 campaign's validation rules", () => {
  it('accepts a consistent report with no findings', () => {
    const result = check({ '1.1.count': '2', '1.1.people': '60', '10.1.amount': '1.500.000' });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['1.1', 'Số lớp'],
    ['1.13', 'Số lớp'],
    ['5.3', 'Số cuộc'],
    ['6.2', 'Số cuộc'],
  ])('rejects classes/contests without people on row %s', (row, label) => {
    const { errors } = check({ [`${row}.count`]: '3' });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.ruleId).toBe(`r${row.replace('.', '-')}-count-needs-people`);
    expect(errors[0]?.message).toContain(`Dòng ${row} «`);
    expect(errors[0]?.message).toContain(
      `${label.toLowerCase()} là 3 nhưng số người tham gia là 0`,
    );
  });

  it.each(['1.4', '5.5', '6.3'])('rejects people without classes/contests on row %s', (row) => {
    const { errors } = check({ [`${row}.people`]: '40' });
    expect(errors.map((e) => e.ruleId)).toEqual([`r${row.replace('.', '-')}-people-needs-count`]);
    expect(errors[0]?.message).toContain('có 40 người tham gia');
  });

  it('warns when fewer people than classes were reported', () => {
    const { errors, warnings } = check({ '1.2.count': '5', '1.2.people': '3' });
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([
      'Dòng 1.2 «Bồi dưỡng nâng cao trình độ ngoại ngữ cho cán bộ, công chức, viên chức (các cấp)»: số người tham gia (3) ít hơn số lớp (5). Hãy kiểm tra lại.',
    ]);
  });

  it.each([
    ['10.1.amount', '15.000.000.000', '15.000.000.000', 'trên 500.000.000'],
    ['10.2.amount', '600 triệu', '600.000.000', 'trên 500.000.000'],
    ['4.2.count', '250.000', '250.000', 'trên 100.000'],
    ['2.count', '501', '501', 'trên 500'],
  ])('warns that %s = %s is implausibly large for one unit', (id, typed, shown, limit) => {
    const { errors, warnings } = check({ [id]: typed });
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain(`${shown} lớn bất thường (${limit})`);
  });

  it('does not warn at exactly the plausible maximum', () => {
    expect(check({ '10.1.amount': '500.000.000' }).warnings).toEqual([]);
  });

  it("never counts a unit's answer for the district's own opening ceremony (7.1)", () => {
    const result = check({ '7.1.count': '2', '7.2.count': '1' });
    expect(result.report.values['7.1.count']).toBeUndefined();
    expect(result.ignored).toContain('7.1.count');
    expect(result.warnings).toEqual([]);
  });

  it.each(['1', '2', '4', '5', '6', '7', '8', '9', '10'])(
    'warns when section %s is answered "Có" with all zeros or blanks',
    (section) => {
      const { warnings, errors } = check({}, { [section]: 'Có' });
      expect(errors).toEqual([]);
      expect(warnings.map((w) => w.ruleId)).toEqual([`s${section}.yes-but-all-zero`]);
      expect(warnings[0]?.message).toContain(`mục ${section} đều bằng 0 hoặc để trống`);
    },
  );

  it("does not repeat an unreadable number's error through the rules about its row", () => {
    const { errors } = check({ '1.1.count': 'ba', '1.1.people': '30' });
    expect(errors.map((e) => e.code)).toEqual(['number-not-a-number']);
  });

  it('names the row by STT and label in every rule message', () => {
    for (const rule of campaign.rules) expect(rule.message).toMatch(/^\{row\}/);
  });
});
