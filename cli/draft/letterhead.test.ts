import { describe, expect, it } from 'vitest';
import { campaignDefinition } from '../../campaigns/index.ts';
import { readPlanHeading } from './letterhead.ts';

/** The 2021 plan's first lines as pasted out of Word (the seed's text, blank lines dropped). */
const PLAN_2021 = [
  'ỦY BAN NHÂN DÂN QUẬN 7',
  'Số: 4595',
  '/KH-UBND',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Quận 7, ngày 01 tháng 10 năm 2021',
  'KẾ HOẠCH',
];

describe('reading the plan letterhead above a pasted table', () => {
  it('reads the 2021 plan’s number, date, issuer and place as the campaign has them', () => {
    const { plan, document } = campaignDefinition('q7-htsd-2021');
    expect(readPlanHeading(PLAN_2021)).toEqual({ ...plan, place: document?.place });
  });

  it.each([
    ['only a table title', ['TỔNG HỢP SỐ LIỆU KẾT QUẢ TỔ CHỨC', '(Kèm theo báo cáo)'], {}],
    [
      'a "kèm theo Kế hoạch số" line',
      ['BÁO CÁO KẾT QUẢ', '(Kèm theo Kế hoạch số 112/KH-SGDĐT)'],
      { number: '112/KH-SGDĐT' },
    ],
    ['a phụ lục heading in capitals', ['PHỤ LỤC', 'BẢNG TỔNG HỢP'], {}],
  ])('takes nothing it cannot see from %s', (_, lines, expected) => {
    expect(readPlanHeading(lines)).toEqual(expected);
  });
});
