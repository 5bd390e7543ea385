import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnownCampaign } from '../../cli/campaigns.ts';

const campaign = loadKnownCampaign('q7-htsd-2021');

/** The OCR typos DESIGN.md tells us to fix; everything else stays as printed. */
const OCR_FIXES: [string, string][] = [
  ['Án phẩm', 'Ấn phẩm'],
  ['Số tập thẻ', 'Số tập thể'],
  ['Tổ chức các thi', 'Tổ chức các cuộc thi'],
  ['Tập thẻ/cá nhân', 'Tập thể/cá nhân'],
];

interface SeedLine {
  stt: string;
  label: string;
  unit: string;
}

/** The seed's appendix table, one line per row, as the user's document prints it. */
function seedLines(): SeedLine[] {
  const text = readFileSync(new URL('../../test/fixtures/seed-table.txt', import.meta.url), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('1\t'));
  return lines
    .slice(start)
    .filter((l) => l.includes('\t'))
    .map((l) => {
      let fixed = l;
      for (const [typo, right] of OCR_FIXES) fixed = fixed.replace(typo, right);
      const [stt = '', label = '', unit = ''] = fixed.split('\t');
      return { stt: stt.trim(), label: label.trim(), unit: unit.trim() };
    });
}

describe('the 2021 Quận 7 campaign', () => {
  const rows = campaign.sections.flatMap((s) => s.rows);

  it('has every row of the seed table, in order, with its STT, label and printed unit', () => {
    const seed = seedLines();
    expect(seed).toHaveLength(41);
    expect(rows.map((r) => ({ stt: r.stt, label: r.label, unit: r.unit }))).toEqual(seed);
  });

  it('asks every sub-row of row 1 for classes and people, and computes row 1 from them', () => {
    const subRows = rows.filter((r) => /^1\.\d+$/.test(r.id) && r.id !== '1.0');
    expect(subRows).toHaveLength(13);
    for (const r of subRows) expect(r.measures.map((m) => m.kind)).toEqual(['count', 'people']);
    expect(campaign.measure('1.count')?.def.sumOf).toEqual(subRows.map((r) => `${r.id}.count`));
    expect(campaign.measure('1.0.people')?.def.sumOf).toEqual(subRows.map((r) => `${r.id}.people`));
  });

  it.each([
    ['1.count', 13],
    ['1.0.people', 13],
    ['5.count', 5],
    ['6.count', 3],
    ['10.amount', 2],
  ])('computes %s from %i asked measures and never asks it', (id, parts) => {
    const m = campaign.measure(id);
    expect(m?.asked).toBe(false);
    expect(m?.row.computed).toBe(true);
    expect(m?.def.sumOf).toHaveLength(parts);
    expect(campaign.askedMeasures.map((a) => a.id)).not.toContain(id);
  });

  it('asks amounts in đồng for the two funding sources and free text for row 11', () => {
    expect(campaign.measure('10.1.amount')?.asked).toBe(true);
    expect(campaign.measure('10.2.amount')?.asked).toBe(true);
    expect(campaign.measure('11.text')?.kind).toBe('text');
  });

  it('asks 51 measures (28 counts, 20 people, 2 amounts, 1 text), computes 5, and leaves 7.1 to the coordinator', () => {
    const kinds = campaign.askedMeasures.map((m) => m.kind);
    expect(kinds.filter((k) => k === 'count')).toHaveLength(28);
    expect(kinds.filter((k) => k === 'people')).toHaveLength(20);
    expect(kinds.filter((k) => k === 'amount')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'text')).toHaveLength(1);
    expect(campaign.computedMeasures).toHaveLength(5);
    // The district's own ceremony is entered once, never asked of a unit and summed.
    expect(campaign.measures.filter((m) => m.aggregate === 'district').map((m) => m.id)).toEqual([
      '7.1.count',
    ]);
  });

  it('runs 01–07/10/2021, is due at the end of 08/10/2021 and names the coordinator', () => {
    expect(campaign.period).toEqual({ start: '2021-10-01', end: '2021-10-07' });
    expect(campaign.deadline).toBe('2021-10-08');
    expect(campaign.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(campaign.coordinator.emails).toEqual(['pgd7@moet.edu.vn']);
    expect(campaign.coordinator.name).toContain('Phòng Giáo dục và Đào tạo');
  });

  it('registers the 10 wards and every unit section III assigns work to', () => {
    const wards = campaign.units.filter((u) => u.group === 'phuong').map((u) => u.name);
    expect(wards).toEqual(
      [
        'Tân Thuận Đông',
        'Tân Thuận Tây',
        'Tân Kiểng',
        'Tân Hưng',
        'Bình Thuận',
        'Tân Quy',
        'Phú Thuận',
        'Tân Phú',
        'Tân Phong',
        'Phú Mỹ',
      ].map((w) => `UBND Phường ${w}`),
    );
    const names = campaign.units.map((u) => u.name).join('\n');
    for (const expected of [
      'Phòng Văn hóa và Thông tin',
      'Phòng Nội vụ',
      'Phòng Tài chính - Kế hoạch',
      'Trung tâm Văn hóa',
      'Hội Khuyến học',
      'Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên',
      'Nguyễn Hữu Cánh',
      'Mặt trận Tổ quốc',
      'Liên đoàn Lao động',
      'Quận đoàn',
      'Hội Liên hiệp Phụ nữ',
    ]) {
      expect(names).toContain(expected);
    }
    expect(campaign.units).toHaveLength(21);
  });

  it('keeps every user-facing text in NFC', () => {
    const texts = JSON.stringify({
      sections: campaign.sections,
      rules: campaign.rules,
      units: campaign.units,
    });
    expect(texts).toBe(texts.normalize('NFC'));
  });
});
