// Forged submissions for one unit: one coordinator alert per hour listing the attempts, not one per attempt.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import { readTab } from '../testing/local-mode.ts';
import { submit } from '../testing/respondent.ts';

let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, sweepEveryMs: 0 });
  // Runs are started by the test, so a burst is decided by one run.
  local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
});
afterAll(() => local.close());

const UNIT = 'p-tan-kieng';
const linkOf = (unitId: string) =>
  local.endpoints.links.find((l) => l.unitId === unitId)?.link ?? '';
const alerts = () =>
  local.standIns.mail
    .messages()
    .filter(
      (m) =>
        m.envelope.to.includes(local.campaign.coordinator.emails[0] ?? '') &&
        m.subject.startsWith('Cần xác minh báo cáo'),
    );
const tab = (name: string) => readTab(local, name);
const forge = async (n: number) => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { responseId } = await submit(local.campaign, linkOf(UNIT), {
      token: `WRONG${i}`,
      answers: { '8.count': '1' },
    });
    ids.push(responseId);
  }
  return ids;
};

describe('forged submissions for one unit', () => {
  it('make one alert listing the burst, then nothing more within the hour', {
    timeout: 60_000,
  }, async () => {
    const burst = await forge(5);
    await local.runtime.sync('manual');
    expect(alerts()).toHaveLength(1);
    const [alert] = alerts();
    expect(alert?.subject).toContain('5 lần gửi');
    for (const id of burst) expect(alert?.text).toContain(id);
    expect(
      alert?.text.match(/Mã xác thực trong đường link không khớp/g)?.length ?? 0,
    ).toBeGreaterThan(0);

    await forge(3);
    await local.runtime.sync('manual');
    expect(alerts()).toHaveLength(1);

    const l = sheetLayout(local.campaign);
    const mails = (await tab(TAB.log))
      .slice(1)
      .filter((r) => r[l.log.col.unitId] === UNIT)
      .map((r) => String(r[l.log.col.mail]));
    expect(mails).toHaveLength(8);
    expect(mails.filter((m) => m.startsWith('Đã gửi'))).toHaveLength(5);
    expect(mails.filter((m) => m.startsWith('Gộp vào thư cảnh báo lúc'))).toHaveLength(3);
    const progress = (await tab(TAB.progress)).find((r) => r[0] === UNIT);
    expect(progress?.[l.progress.col.status]).toBe('Chờ xác minh');
  });
});
