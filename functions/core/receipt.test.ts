import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber } from '../../forms/format.ts';
import { q7, rawWith } from '../../testing/submissions.ts';
import { checkSubmission } from './check.ts';
import { receiptModel } from './receipt.ts';

const campaign = q7();
const checked = (answers: Record<string, string>) =>
  checkSubmission(campaign, rawWith(campaign, answers));

describe('what a receipt shows', () => {
  const first = checked({ '1.2.count': '5', '1.2.people': '3', '10.1.amount': '1.500.000' });

  it("a first report: the unit's table with its computed totals and its warnings, no changes", () => {
    const model = receiptModel(campaign, first.report, first.warnings, null);
    expect(model.firstReport).toBe(true);
    expect(model.changes).toEqual([]);
    const s1 = model.sections.find((s) => s.id === '1');
    expect(s1?.did).toBe(true);
    expect(s1?.lines[0]).toMatchObject({ stt: '1', figures: [5, null] });
    expect(s1?.lines[1]).toMatchObject({ figures: [null, 3] });
    expect(model.sections.find((s) => s.id === '10')?.lines[0]?.figures).toEqual([1_500_000, null]);
    expect(model.sections.find((s) => s.id === '5')?.did).toBe(false);
    expect(model.warnings).toHaveLength(1);
    expect(model.warnings[0]).toContain('ít hơn số lớp');
  });

  it('a corrected report: each changed measure with its value before and after', () => {
    const second = checked({ '1.2.count': '5', '1.2.people': '150', '10.1.amount': '2.000.000' });
    const model = receiptModel(campaign, second.report, second.warnings, first.report);
    expect(model.firstReport).toBe(false);
    expect(model.warnings).toEqual([]);
    expect(model.changes).toEqual([
      {
        measureId: '1.2.people',
        where:
          'Dòng 1.2 «Bồi dưỡng nâng cao trình độ ngoại ngữ cho cán bộ, công chức, viên chức (các cấp)», số người',
        before: 3,
        after: 150,
      },
      {
        measureId: '10.1.amount',
        where: 'Dòng 10.1 «Ngân sách nhà nước», số tiền (đồng)',
        before: 1_500_000,
        after: 2_000_000,
      },
    ]);
  });

  it('formats money and numbers with Vietnamese grouping', () => {
    expect(formatNumber(1_500_000)).toBe('1.500.000');
    expect(formatMoney(1_500_000)).toBe('1.500.000 đồng');
    expect(formatNumber(1.5)).toBe('1,5');
  });
});
