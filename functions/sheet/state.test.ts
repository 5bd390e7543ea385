// The master sheet read back: the registry in "Tiến độ" row by row, and a unit row of "Số liệu".
import { describe, expect, it } from 'vitest';
import { campaignDefinition } from '../../campaigns/index.ts';
import { loadCampaign, withUnits } from '../../forms/campaign.ts';
import { stateRangesOf } from '../../testing/sheet-ranges.ts';
import { q7 } from '../../testing/submissions.ts';
import { sheetLayout } from './layout.ts';
import { parseState } from './state.ts';

const q7Campaign = q7();
const q7Layout = sheetLayout(q7Campaign);

describe('a unit row of "Số liệu" as sync reads it', () => {
  it('holds what a correction link prefills: figures, texts, who reported and the album', () => {
    const state = parseState(
      q7Campaign,
      q7Layout,
      stateRangesOf(q7Layout, {
        data: [
          {
            id: 'p-tan-phong',
            version: 'r1@2021-10-06T01:00:00Z',
            '2.count': 15,
            '2.note': 'Đăng trên trang thông tin điện tử phường.',
            'contact.name': 'Nguyễn Văn An',
            'contact.position': 'Phó Chủ tịch',
            'contact.phone': '0909 123 456',
            album: 'https://photos.app.goo.gl/AbCdEf123',
          },
        ],
      }),
    );
    expect(state.data.get('p-tan-phong')).toMatchObject({
      values: { '2.count': 15, '1.1.count': null },
      texts: { '2.note': 'Đăng trên trang thông tin điện tử phường.' },
      contact: { name: 'Nguyễn Văn An', position: 'Phó Chủ tịch', phone: '0909 123 456' },
      albumUrl: 'https://photos.app.goo.gl/AbCdEf123',
    });
  });
});

describe('the registry in "Tiến độ", read row by row', () => {
  const campaign = loadCampaign({ ...campaignDefinition('q7-htsd-2021'), units: [] });
  const layout = sheetLayout(campaign);
  const group = campaign.groups[0];
  const row = (id: string, name: string, groupText: string) => ({ id, name, group: groupText });
  const state = parseState(
    campaign,
    layout,
    stateRangesOf(layout, {
      progress: [
        row('p-a', 'Đơn vị A', group?.label ?? ''),
        row('Trường ABC', 'Trường ABC', group?.label ?? ''),
        row('p-a', 'Đơn vị A lặp', group?.label ?? ''),
        row('p-b', '', group?.label ?? ''),
        row('p-c', 'Đơn vị C', 'Nhóm lạ'),
        {},
        row('Ghi chú: gọi lại', '', ''),
        row('p-d', 'Đơn vị D', group?.id ?? ''),
      ],
    }),
  );
  const first = layout.progress.firstUnitRow;

  it('keeps the readable rows, which always make a campaign that loads', () => {
    expect(state.units.map((u) => u.id)).toEqual(['p-a', 'p-d']);
    expect(() => withUnits(campaign, state.units)).not.toThrow();
  });

  it('names each skipped row by its number and what to fix', () => {
    expect(state.skipped).toEqual([
      {
        row: first + 1,
        problem: `dòng ${first + 1}: mã «Trường ABC» không hợp lệ (chỉ chữ thường không dấu, số và '-')`,
      },
      { row: first + 2, problem: `dòng ${first + 2}: mã «p-a» trùng với dòng ${first}` },
      { row: first + 3, problem: `dòng ${first + 3}: đơn vị «p-b» chưa có tên` },
      {
        row: first + 4,
        problem: expect.stringMatching(
          new RegExp(
            `^dòng ${first + 4}: nhóm «Nhóm lạ» của đơn vị «p-c» không có trong danh sách nhóm`,
          ),
        ),
      },
      {
        row: first + 6,
        problem: `dòng ${first + 6}: mã «Ghi chú: gọi lại» không hợp lệ (chỉ chữ thường không dấu, số và '-')`,
      },
    ]);
  });
});
