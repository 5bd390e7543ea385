import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import { q7 } from '../../testing/submissions.ts';
import { csvText } from '../csv.ts';
import {
  compareWithPrevious,
  comparisonRows,
  formatComparison,
  PreviousFiguresError,
  parseExportCsv,
} from './figures.ts';

// 2026: three old wards are one, Tân Hưng keeps its id and takes Bình Thuận, a school is new.
const thisYear = loadCampaign({
  ...definitionOf(q7()),
  units: [
    {
      id: 'p-tan-my',
      name: 'UBND Phường Tân Mỹ',
      group: 'phuong',
      history: { from: ['p-tan-phong', 'p-tan-quy', 'p-tan-kieng'], on: '2025-07-01' },
    },
    {
      id: 'p-tan-hung',
      name: 'UBND Phường Tân Hưng',
      group: 'phuong',
      history: { from: ['p-tan-hung', 'p-binh-thuan'], on: '2025-07-01' },
    },
    { id: 'th-moi', name: 'Trường Tiểu học Mới', group: 'co-so-giao-duc', parent: 'p-tan-my' },
  ],
});

// What `baocao export` wrote for 2021 (its CSV's shape: identity columns, "<id> (<label>)").
const previousCsv = csvText([
  ['Mã đơn vị', 'Đơn vị', 'Nhóm', 'Nộp lúc', '1.1.count (Số lớp)', '1.1.people (Số người)'],
  ['p-tan-phong', 'UBND Phường Tân Phong', 'UBND phường', '', 2, 60],
  ['p-tan-quy', 'UBND Phường Tân Quy', 'UBND phường', '', 1, null],
  ['p-tan-kieng', 'UBND Phường Tân Kiểng', 'UBND phường', '', 3, 100],
  ['p-tan-hung', 'UBND Phường Tân Hưng', 'UBND phường', '', 4, 40],
  ['p-binh-thuan', 'UBND Phường Bình Thuận', 'UBND phường', '', 1, 10],
  ['phong-noi-vu', 'Phòng Nội vụ quận', 'Phòng ban', '', 5, 500],
]);

const current = [
  { id: 'p-tan-my', name: 'UBND Phường Tân Mỹ', values: { '1.1.count': 4, '1.1.people': 150 } },
  { id: 'p-tan-hung', name: 'UBND Phường Tân Hưng', values: { '1.1.count': 5, '1.1.people': 50 } },
  { id: 'th-moi', name: 'Trường Tiểu học Mới', values: { '1.1.count': 1, '1.1.people': null } },
];

describe('comparing with the previous campaign', () => {
  const previous = parseExportCsv(previousCsv, 'q7-htsd-2021.csv');
  const c = compareWithPrevious(thisYear, current, previous);

  it('reads the per-unit CSV the export wrote, blanks as no figure', () => {
    expect(previous[1]).toEqual({
      id: 'p-tan-quy',
      name: 'UBND Phường Tân Quy',
      values: { '1.1.count': 1, '1.1.people': null },
    });
  });

  it('gives a merged ward the sum of the wards it replaced, and a kept ward its own plus the merged one', () => {
    expect(c.units.find((u) => u.id === 'p-tan-my')).toMatchObject({
      from: ['p-tan-phong', 'p-tan-quy', 'p-tan-kieng'],
      current: { '1.1.count': 4, '1.1.people': 150 },
      previous: { '1.1.count': 6, '1.1.people': 160 },
    });
    expect(c.units.find((u) => u.id === 'p-tan-hung')?.previous).toEqual({
      '1.1.count': 5,
      '1.1.people': 50,
    });
    expect(c.units.find((u) => u.id === 'th-moi')?.previous).toBeNull();
  });

  it("keeps last year's total whole: a unit no one replaced is named, not dropped, and nothing counts twice", () => {
    expect(c.total.previous).toMatchObject({ '1.1.count': 16, '1.1.people': 710 });
    expect(c.total.current).toMatchObject({ '1.1.count': 10, '1.1.people': 200 });
    expect(c.unmapped.map((u) => u.id)).toEqual(['phong-noi-vu']);
  });

  it('tells the coordinator in Vietnamese what it merged and how the totals moved', () => {
    const text = formatComparison(thisYear, c);
    expect(text).toContain(
      'UBND Phường Tân Mỹ ← p-tan-phong + p-tan-quy + p-tan-kieng (từ 01/07/2025)',
    );
    expect(text).toContain('Phòng Nội vụ quận (phong-noi-vu)');
    expect(text).toContain('Đơn vị không có số liệu năm trước:\n  Trường Tiểu học Mới (th-moi)');
    expect(text).toMatch(/1\.1\. .* – Số người: 200 \/ 710 \/ −510/);
  });

  it('counts a unit the sheet lists but the registry file does not, with its own last year', () => {
    const added = { id: 'p-tan-hung', name: 'UBND Phường Tân Hưng', values: { '1.1.count': 5 } };
    const registry = loadCampaign({ ...definitionOf(thisYear), units: [] });
    const got = compareWithPrevious(registry, [added], previous);
    expect(got.units).toMatchObject([{ id: 'p-tan-hung', previous: { '1.1.count': 4 } }]);
    expect(got.total.current['1.1.count']).toBe(5);
  });

  it('writes a pair of columns per measure for each unit', () => {
    const [header, tanMy] = comparisonRows(c);
    expect(header?.slice(0, 5)).toEqual([
      'Mã đơn vị',
      'Đơn vị',
      'Số liệu năm trước của',
      expect.stringMatching(/Số lớp \(năm nay\)$/),
      expect.stringMatching(/Số lớp \(năm trước\)$/),
    ]);
    expect(tanMy?.slice(0, 5)).toEqual([
      'p-tan-my',
      'UBND Phường Tân Mỹ',
      'p-tan-phong + p-tan-quy + p-tan-kieng',
      4,
      6,
    ]);
  });

  it.each([
    [
      'a file without the unit id column',
      'Đơn vị,1.1.count (Số lớp)\nA,1\n',
      'cần cột «Mã đơn vị»',
    ],
    [
      'a figure that is not a number',
      'Mã đơn vị,1.1.count (Số lớp)\np-a,mười\n',
      'dòng 2, cột «1.1.count (Số lớp)»: «mười» không phải một số',
    ],
  ])('refuses %s, saying why', (_, csv, expected) => {
    expect(() => parseExportCsv(csv, 'cu.csv')).toThrow(PreviousFiguresError);
    expect(() => parseExportCsv(csv, 'cu.csv')).toThrow(expected);
  });
});
