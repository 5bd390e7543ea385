// The master sheet read back: a unit row of "Số liệu" with what a correction link needs.
import { describe, expect, it } from 'vitest';
import { q7 } from '../../testing/submissions.ts';
import { sheetLayout } from './layout.ts';
import { type CellValue, parseState } from './state.ts';

const campaign = q7();
const layout = sheetLayout(campaign);

describe('a unit row of "Số liệu" as sync reads it', () => {
  it('holds what a correction link prefills: figures, texts, who reported and the album', () => {
    const d = layout.data;
    const cells: CellValue[] = Array.from({ length: d.columns.length }, () => '');
    const set = (key: string, value: CellValue) => {
      cells[d.col[key] ?? -1] = value;
    };
    set('id', 'p-tan-phong');
    set('version', 'r1@2021-10-06T01:00:00Z');
    set('2.count', 15);
    set('2.note', 'Đăng trên trang thông tin điện tử phường.');
    set('contact.name', 'Nguyễn Văn An');
    set('contact.position', 'Phó Chủ tịch');
    set('contact.phone', '0909 123 456');
    set('album', 'https://photos.app.goo.gl/AbCdEf123');
    const state = parseState(campaign, layout, [[], [[], cells], [], [], []]);
    expect(state.data.get('p-tan-phong')).toMatchObject({
      values: { '2.count': 15, '1.1.count': null },
      texts: { '2.note': 'Đăng trên trang thông tin điện tử phường.' },
      contact: { name: 'Nguyễn Văn An', position: 'Phó Chủ tịch', phone: '0909 123 456' },
      albumUrl: 'https://photos.app.goo.gl/AbCdEf123',
    });
  });
});
