import { describe, expect, it } from 'vitest';
import { parseRegistryCsv, RegistryError } from './registry.ts';

const groups = [
  { id: 'phuong', label: 'UBND phường' },
  { id: 'co-so-giao-duc', label: 'Cơ sở giáo dục' },
];

function problemsOf(csv: string): readonly string[] {
  try {
    parseRegistryCsv(csv, groups);
  } catch (error) {
    if (error instanceof RegistryError) return error.problems;
    throw error;
  }
  throw new Error('registry was accepted');
}

describe('the unit registry CSV', () => {
  it('reads units with several emails, quoted names and groups given by label', () => {
    const units = parseRegistryCsv(
      '\uFEFFid,name,group,emails\n' +
        'p-tan-phong,UBND Phường Tân Phong,phuong,a@tanphong.gov.vn; b@tanphong.gov.vn\n' +
        'th-a,"Trường Tiểu học A, cơ sở 2",Cơ sở giáo dục,\n',
      groups,
    );
    expect(units).toEqual([
      {
        id: 'p-tan-phong',
        name: 'UBND Phường Tân Phong',
        group: 'phuong',
        emails: ['a@tanphong.gov.vn', 'b@tanphong.gov.vn'],
      },
      { id: 'th-a', name: 'Trường Tiểu học A, cơ sở 2', group: 'co-so-giao-duc', emails: [] },
    ]);
  });

  it('accepts Vietnamese column headers', () => {
    const units = parseRegistryCsv(
      'Mã đơn vị,Tên đơn vị,Nhóm,Email\nth-b,Trường B,phuong,\n',
      groups,
    );
    expect(units[0]?.name).toBe('Trường B');
  });

  it('turns names typed in NFD into NFC', () => {
    const units = parseRegistryCsv(
      `id,name,group\np-x,${'Phường Tân Kiểng'.normalize('NFD')},phuong\n`,
      groups,
    );
    expect(units[0]?.name).toBe('Phường Tân Kiểng'.normalize('NFC'));
  });

  it.each([
    ['a bad id', 'id,name,group\nTân Phong,X,phuong\n', 'dòng 2: mã "Tân Phong" không hợp lệ'],
    ['a duplicate id', 'id,name,group\na,X,phuong\na,Y,phuong\n', 'dòng 3: mã "a" bị trùng'],
    ['a missing name', 'id,name,group\na,,phuong\n', 'dòng 2: thiếu tên đơn vị'],
    ['an unknown group', 'id,name,group\na,X,truong\n', 'dòng 2: nhóm "truong" không có'],
    [
      'a bad email',
      'id,name,group,emails\na,X,phuong,not-an-email\n',
      'dòng 2: email "not-an-email" không hợp lệ',
    ],
    ['a missing column', 'id,name\na,X\n', 'thiếu cột "group"'],
    [
      'a parent not in the list',
      'id,name,group,cấp trên\nth-a,Trường A,co-so-giao-duc,p-tan-my\n',
      'dòng 2: cấp trên «p-tan-my» của đơn vị «th-a» không có trong danh sách đơn vị',
    ],
    [
      'parents that loop',
      'id,name,group,parent\np-a,A,phuong,th-b\nth-b,B,co-so-giao-duc,p-a\n',
      'dòng 2: cấp trên tạo thành vòng lặp: «p-a» → «th-b» → «p-a»',
    ],
    [
      'a sector code with a space',
      'id,name,group,mã ngành\nth-a,A,co-so-giao-duc,79 000701\n',
      'dòng 2: mã ngành "79 000701" không hợp lệ',
    ],
    [
      'a sector code given twice',
      'id,name,group,mã ngành\nth-a,A,co-so-giao-duc,79000701\nth-b,B,co-so-giao-duc,79000701\n',
      'dòng 3: mã ngành "79000701" trùng với dòng 2',
    ],
    [
      'a merge without its date',
      'id,name,group,tiền thân\np-tan-my,UBND Phường Tân Mỹ,phuong,p-tan-phong;p-tan-quy\n',
      'dòng 2: đơn vị có tiền thân cần ngày sáp nhập/đổi tên ở cột "từ ngày"',
    ],
    [
      'an old ward merged into two new ones',
      'id,name,group,tiền thân,từ ngày\np-a,A,phuong,p-x;p-y,2025-07-01\np-b,B,phuong,p-y,2025-07-01\n',
      'dòng 3: đơn vị cũ «p-y» đã được ghi là tiền thân của «p-a»',
    ],
  ])('names the line of %s in Vietnamese', (_, csv, expected) => {
    expect(problemsOf(csv).join('\n')).toContain(expected);
  });

  it('reads quoted names and several emails in one cell', () => {
    const csv = 'id,name,group,emails\nth-a,"Trường A, ""cơ sở"" 2",phuong,a@x.vn;b@x.vn\n';
    expect(parseRegistryCsv(csv, groups)).toEqual([
      { id: 'th-a', name: 'Trường A, "cơ sở" 2', group: 'phuong', emails: ['a@x.vn', 'b@x.vn'] },
    ]);
  });

  it('reads a tree of units with sector codes and a merge, a parent listed after its children', () => {
    const csv =
      'Mã đơn vị,Tên đơn vị,Nhóm,Cấp trên,Mã ngành,Tiền thân,Từ ngày\n' +
      'th-tan-my,Trường Tiểu học Tân Mỹ,co-so-giao-duc,p-tan-my,79000701,,\n' +
      'p-tan-my,UBND Phường Tân Mỹ,phuong,,,p-tan-phong; p-tan-quy; p-tan-kieng,2025-07-01\n';
    expect(parseRegistryCsv(csv, groups)).toEqual([
      {
        id: 'th-tan-my',
        name: 'Trường Tiểu học Tân Mỹ',
        group: 'co-so-giao-duc',
        emails: [],
        parent: 'p-tan-my',
        code: '79000701',
      },
      {
        id: 'p-tan-my',
        name: 'UBND Phường Tân Mỹ',
        group: 'phuong',
        emails: [],
        history: { from: ['p-tan-phong', 'p-tan-quy', 'p-tan-kieng'], on: '2025-07-01' },
      },
    ]);
  });
});
