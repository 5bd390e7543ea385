// One unreadable row in "Tiến độ" is skipped and named to the coordinator; every other unit still syncs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({ sync: { burst: 100, refillMs: 0 } });
});
afterAll(() => local.close());

const linkOf = (unitId: string) =>
  local.endpoints.links.find((l) => l.unitId === unitId)?.link ?? '';
const mailsTo = (address: string) =>
  local.standIns.mail.messages().filter((m) => m.envelope.to.includes(address));
const coordinator = () => local.campaign.coordinator.emails[0] ?? '';
const registryAlerts = () =>
  mailsTo(coordinator()).filter((m) => m.subject.includes('danh sách đơn vị'));

describe('a registry row that cannot be read', () => {
  it('is skipped and named in one coordinator alert while other units sync', {
    timeout: 30_000,
  }, async () => {
    const { units } = local.campaign;
    const first = sheetLayout(local.campaign).progress.firstUnitRow;
    const renamed = units.findIndex((u) => u.id !== 'p-tan-phong');
    const renamedRow = first + renamed;
    const noteRow = first + units.length + 1;
    await clientFor(local.standIns.sheets.url).spreadsheets.values.batchUpdate({
      spreadsheetId: local.state.spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          { range: `${quoteSheet(TAB.progress)}!A${renamedRow}`, values: [['Trường ABC']] },
          {
            range: `${quoteSheet(TAB.progress)}!A${noteRow}`,
            values: [['Ghi chú: gọi lại các trường chưa nộp']],
          },
        ],
      },
    });

    await submit(local.campaign, linkOf('p-tan-phong'), { answers: { '8.count': '1' } });
    const receipt = await until('the receipt', () => mailsTo('p-tan-phong@donvi.example')[0]);
    expect(receipt.subject).toContain('Phường Tân Phong');

    const [alert] = await until('the registry alert', () =>
      registryAlerts().length ? registryAlerts() : undefined,
    );
    expect(alert?.text).toContain(`dòng ${renamedRow}: mã «Trường ABC» không hợp lệ`);
    expect(alert?.text).toContain(`dòng ${noteRow}: mã «Ghi chú: gọi lại các trường chưa nộp»`);

    await local.runtime.sync('manual');
    expect(registryAlerts()).toHaveLength(1);

    expect(await local.runtime.digest()).toBe(true);
    const digest = mailsTo(coordinator()).findLast((m) => m.subject.startsWith('Tiến độ báo cáo'));
    expect(digest?.text).toContain('Dòng bị bỏ qua ở trang «Tiến độ» (cần sửa) (2)');
    expect(digest?.text).toContain(`dòng ${renamedRow}: mã «Trường ABC» không hợp lệ`);
  });
});
