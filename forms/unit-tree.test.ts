import { describe, expect, it } from 'vitest';
import { historyProblems, successorOf, treeProblems, unitsUnder } from './unit-tree.ts';

const u = (id: string, parent?: string) => ({ id, ...(parent ? { parent } : {}) });

describe('the units tree', () => {
  it('finds every unit under a parent, at any depth, the parent first', () => {
    const units = [
      u('so'),
      u('p-tan-my', 'so'),
      u('th-a', 'p-tan-my'),
      u('th-b', 'p-tan-my'),
      u('p-phu-thuan', 'so'),
    ];
    expect(unitsUnder(units, 'p-tan-my')).toEqual(['p-tan-my', 'th-a', 'th-b']);
    expect(unitsUnder(units, 'so')).toEqual(['so', 'p-tan-my', 'th-a', 'th-b', 'p-phu-thuan']);
    expect(unitsUnder(units, 'th-a')).toEqual(['th-a']);
  });

  it.each([
    {
      case: 'a parent that is not in the list',
      units: [u('a'), u('b', 'x')],
      problems: [
        { index: 1, message: 'cấp trên «x» của đơn vị «b» không có trong danh sách đơn vị' },
      ],
    },
    {
      case: 'a unit that is its own parent',
      units: [u('a', 'a')],
      problems: [{ index: 0, message: 'đơn vị «a» không thể là cấp trên của chính nó' }],
    },
    {
      case: 'a loop through three units, named once',
      units: [u('a', 'c'), u('b', 'a'), u('c', 'b'), u('d', 'a')],
      problems: [
        {
          index: 0,
          message:
            'cấp trên tạo thành vòng lặp: «a» → «c» → «b» → «a»; mỗi đơn vị chỉ thuộc một cấp trên và không vòng lại chính nó',
        },
      ],
    },
  ])('refuses $case', ({ units, problems }) => {
    expect(treeProblems(units)).toEqual(problems);
  });

  it('accepts a registry without parents', () => {
    expect(treeProblems([u('a'), u('b')])).toEqual([]);
  });

  it('maps a merged ward to the new one and a kept id to itself', () => {
    const units = [
      {
        id: 'p-tan-my',
        history: { from: ['p-tan-phong', 'p-tan-quy', 'p-tan-kieng'], on: '2025-07-01' },
      },
      { id: 'p-tan-hung', history: { from: ['p-tan-hung', 'p-binh-thuan'], on: '2025-07-01' } },
      { id: 'th-a' },
    ];
    const of = successorOf(units);
    expect(of('p-tan-quy')).toBe('p-tan-my');
    expect(of('p-binh-thuan')).toBe('p-tan-hung');
    expect(of('p-tan-hung')).toBe('p-tan-hung');
    expect(of('th-a')).toBe('th-a');
    expect(of('p-da-giai-the')).toBeUndefined();
  });
});

describe('the history of units', () => {
  it.each([
    {
      case: 'an old unit claimed by two new ones (its figures would count twice)',
      units: [
        { id: 'p-a', history: { from: ['p-x', 'p-y'], on: '2025-07-01' } },
        { id: 'p-b', history: { from: ['p-y'], on: '2025-07-01' } },
      ],
      problems: [
        {
          index: 1,
          message:
            'đơn vị cũ «p-y» đã được ghi là tiền thân của «p-a»; một đơn vị cũ chỉ nhập vào một đơn vị mới',
        },
      ],
    },
    {
      case: 'a predecessor that is still a unit of its own',
      units: [{ id: 'p-a', history: { from: ['p-b'], on: '2025-07-01' } }, { id: 'p-b' }],
      problems: [
        {
          index: 0,
          message:
            'tiền thân «p-b» của «p-a» vẫn là một đơn vị trong danh sách; bỏ «p-b» khỏi danh sách hoặc khỏi cột tiền thân',
        },
      ],
    },
  ])('refuses $case', ({ units, problems }) => {
    expect(historyProblems(units)).toEqual(problems);
  });
});
