import { describe, expect, it } from 'vitest';
import { campaignDefinition } from '../../campaigns/index.ts';
import {
  definitionCells,
  lockMinute,
  parseRegistryRows,
  REGISTRY_HEADER,
  type RegisteredCampaign,
  registryRow,
} from './campaigns.ts';

const entry: RegisteredCampaign = {
  id: 'tan-hung-doc-sach-2026',
  title: 'Ngày Sách và Văn hóa đọc Việt Nam năm 2026',
  formId: 'form-b',
  spreadsheetId: 'sheet-b',
  sheetUrl: 'https://docs.google.com/spreadsheets/d/sheet-b/edit',
  state: 'locked',
  lockedAt: '2026-05-06T03:00:00.000Z',
  updatedAt: '2026-04-01T01:00:00.000Z',
};

describe('the registry tab', () => {
  it('reads back what it writes', () => {
    expect(parseRegistryRows([[...REGISTRY_HEADER], registryRow(entry)])).toEqual([entry]);
  });

  it('finds its columns by heading, wherever a coordinator moved them', () => {
    const order = [...REGISTRY_HEADER].reverse();
    const row = registryRow(entry);
    const moved = order.map((h) => row[REGISTRY_HEADER.indexOf(h)] ?? '');
    expect(parseRegistryRows([order, moved])).toEqual([entry]);
  });

  it.each([
    ['a state nobody wrote', 5, 'Tạm dừng'],
    ['no form id', 2, ''],
    ['no sheet id', 3, ''],
    ['no campaign id', 0, ''],
  ])('leaves out a row with %s', (_case, column, value) => {
    const row = registryRow(entry);
    row[column] = value;
    expect(
      parseRegistryRows([[...REGISTRY_HEADER], row, registryRow({ ...entry, id: 'x' })]),
    ).toEqual([{ ...entry, id: 'x' }]);
  });
});

describe('the definition tab', () => {
  it('holds the 2021 definition in cells Google accepts, and gives it back whole', () => {
    const definition = campaignDefinition('q7-htsd-2021');
    const [note, ...chunks] = definitionCells(definition);
    expect(note).toContain('Không sửa tay');
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(50_000);
    expect(JSON.parse(chunks.join(''))).toEqual(definition);
  });
});

describe('a lock', () => {
  it.each([
    // 10:03:27 ICT: versions from 10:03 on are refused (lockAt is the end of 10:02).
    ['2021-10-07T03:03:27.000Z', '2021-10-07T10:02'],
    ['2021-10-07T17:00:00Z', '2021-10-07T23:59'],
    ['not a time', undefined],
  ])('made at %s reads as lockAt %s in Hồ Chí Minh time', (at, expected) => {
    expect(lockMinute(at, 'Asia/Ho_Chi_Minh')).toBe(expected);
  });
});
