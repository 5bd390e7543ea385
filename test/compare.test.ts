// `baocao compare` over the local stand-ins: the live sheet's figures beside the previous campaign's export, merges summed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompare } from '../cli/compare/command.ts';
import { csvText } from '../cli/csv.ts';
import { withUnits } from '../forms/campaign.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

let local: LocalMode;
let dir: string;
let printed = '';
let rows: string[][];

beforeAll(async () => {
  local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log: memoryLogger() });
  const c = local.campaign;
  const link = local.endpoints.links.find((l) => l.unitId === 'p-tan-phong')?.link ?? '';
  await submit(c, link, { answers: { '1.1.count': '2', '1.1.people': '60' } });
  const l = sheetLayout(c);
  await until('Tân Phong counted', async () => {
    const res = await clientFor(local.standIns.sheets.url).spreadsheets.values.get({
      spreadsheetId: local.state.spreadsheetId,
      range: quoteSheet(TAB.data),
    });
    const row = (res.data.values ?? []).find((r) => r[0] === 'p-tan-phong');
    return row?.[l.data.col.version ?? 0] ? true : undefined;
  });
  dir = mkdtempSync(join(tmpdir(), 'baocao-compare-'));
  // Last year's export: Tân Phong was then two wards; Tân Kiểng reported; one office is gone.
  const previous = join(dir, 'nam-truoc.csv');
  writeFileSync(
    previous,
    csvText([
      ['Mã đơn vị', 'Đơn vị', 'Nhóm', 'Nộp lúc', '1.1.count (Số lớp)', '1.1.people (Số người)'],
      ['p-tan-phong-a', 'UBND Phường Tân Phong A', 'UBND phường', '', 1, 30],
      ['p-tan-phong-b', 'UBND Phường Tân Phong B', 'UBND phường', '', 2, 45],
      ['p-tan-kieng', 'UBND Phường Tân Kiểng', 'UBND phường', '', 4, 100],
      ['phong-da-giai-the', 'Phòng đã giải thể', 'Phòng ban', '', 7, null],
    ]),
  );
  const campaign = withUnits(
    c,
    c.units.map((u) =>
      u.id === 'p-tan-phong'
        ? { ...u, history: { from: ['p-tan-phong-a', 'p-tan-phong-b'], on: '2025-07-01' } }
        : u,
    ),
  );
  const clients = googleClients({
    BAOCAO_CAMPAIGN: c.id,
    SHEETS_ROOT_URL: local.endpoints.sheetsRootUrl,
    FORMS_ROOT_URL: local.endpoints.formsRootUrl,
    DRIVE_ROOT_URL: local.endpoints.driveRootUrl,
    GOOGLE_ACCESS_TOKEN: 'local-coordinator',
  });
  const out = join(dir, 'so-sanh.csv');
  await runCompare(
    {
      clients,
      spreadsheetId: local.state.spreadsheetId,
      campaign,
      backoff: { sleep: async () => {}, random: () => 0, log: memoryLogger() },
    },
    { previous, out },
    (text) => {
      printed += text;
    },
  );
  rows = parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, '')) as string[][];
}, 60_000);
afterAll(async () => {
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('baocao compare --previous', () => {
  it('says which old wards it summed into today’s and which old unit it could not place', () => {
    expect(printed).toContain(
      'UBND Phường Tân Phong ← p-tan-phong-a + p-tan-phong-b (từ 01/07/2025)',
    );
    expect(printed).toContain('Phòng đã giải thể (phong-da-giai-the)');
  });

  it("sets the live sheet's total beside last year's whole total", () => {
    expect(printed).toMatch(/– Số lớp: 2 \/ 14 \/ −12\n/);
    expect(printed).toMatch(/– Số người: 60 \/ 175 \/ −115\n/);
  });

  it("writes each unit's figures beside its predecessors' sum", () => {
    const [header = [], ...body] = rows;
    const now = header.findIndex((h) => h.endsWith('Số lớp (năm nay)'));
    const before = header.findIndex((h) => h.endsWith('Số lớp (năm trước)'));
    const tanPhong = body.find((r) => r[0] === 'p-tan-phong');
    expect([tanPhong?.[2], tanPhong?.[now], tanPhong?.[before]]).toEqual([
      'p-tan-phong-a + p-tan-phong-b',
      '2',
      '3',
    ]);
    const tanKieng = body.find((r) => r[0] === 'p-tan-kieng');
    expect([tanKieng?.[now], tanKieng?.[before]]).toEqual(['0', '4']);
  });
});
