import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import { sheetLayout } from '../../functions/sheet/layout.ts';
import { q7 } from '../../testing/submissions.ts';
import { MAX_CELL_CHARS, treeTabRequests } from './tree-tab.ts';

const ward = { id: 'p-tan-my', name: 'UBND Phường Tân Mỹ', group: 'phuong' };
const schools = (n: number, parent = ward.id) =>
  Array.from({ length: n }, (_, i) => ({
    id: `truong-tieu-hoc-so-${i}`,
    name: `Trường Tiểu học số ${i}`,
    group: 'co-so-giao-duc',
    parent,
  }));
const campaignWith = (units: object[]) => loadCampaign({ ...definitionOf(q7()), units });

/** The tab's rows as written: each cell's text or formula. */
function tab(units: object[]) {
  const c = campaignWith(units);
  const requests = treeTabRequests(c, sheetLayout(c), undefined);
  const rows = requests.flatMap((r) => r.updateCells?.rows ?? []);
  return {
    requests,
    rows: rows.map((r) =>
      (r.values ?? []).map(
        (v) =>
          v.userEnteredValue?.formulaValue ??
          v.userEnteredValue?.stringValue ??
          v.userEnteredValue?.numberValue,
      ),
    ),
  };
}

describe('the "Theo cấp trên" tab', () => {
  it('is not written while no unit has a parent', () => {
    expect(tab([ward]).requests).toEqual([]);
  });

  it("sums a parent's own row and its children's by id, a child parent through its own subtotal", () => {
    const { rows } = tab([
      ward,
      { id: 'thcs-a', name: 'Trường THCS A', group: 'co-so-giao-duc', parent: ward.id },
      { id: 'th-b', name: 'Trường Tiểu học B', group: 'co-so-giao-duc', parent: 'thcs-a' },
    ]);
    const [tanMy, thcsA] = rows.slice(3);
    expect(tanMy?.slice(0, 3)).toEqual(['p-tan-my', 'UBND Phường Tân Mỹ', 3]);
    // Column D, the first measure: Tân Mỹ's own SUMIF plus THCS A's cell (row 5).
    expect(tanMy?.[3]).toMatch(
      /^=SUMIF\('Số liệu'!\$A\$\d+:\$A,"p-tan-my",'Số liệu'!\w+\$\d+:\w+\)\+D5$/,
    );
    expect(thcsA?.[3]).toMatch(/"thcs-a".*\+SUMIF\(.*"th-b"/);
  });

  it('writes a note instead of a formula Google would refuse, so the rest of setup still lands', () => {
    const small = tab([ward, ...schools(40)]).rows[3] ?? [];
    expect(Math.max(...small.map((v) => String(v).length))).toBeLessThan(MAX_CELL_CHARS);
    const big = tab([ward, ...schools(800)]).rows[3] ?? [];
    expect(big.slice(0, 4)).toEqual([
      'p-tan-my',
      'UBND Phường Tân Mỹ',
      801,
      'Quá nhiều đơn vị trực thuộc (800) để cộng trong một ô: hãy chia thành các cấp trung gian (cột «Cấp trên») rồi chạy lại setup.',
    ]);
  });
});
