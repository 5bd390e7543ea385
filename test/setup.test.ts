import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveClient } from '../cli/drive.ts';
import { setup, WatchNotReadyError } from '../cli/setup.ts';
import type { SetupState } from '../cli/state.ts';
import { inProcessWatchOwner, type WatchOwner } from '../cli/watch-owner.ts';
import { type Campaign, withUnits } from '../forms/campaign.ts';
import { loadSetupConfig, loadSmtpConfig } from '../functions/platform/config.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { smtpMailer } from '../functions/platform/smtp.ts';
import { quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type StandIns, startStandIns } from '../local/standins.ts';
import { q7 } from '../testing/submissions.ts';

const base = q7();
const campaign = withUnits(base, [
  ...base.units,
  {
    id: 'th-injection',
    name: "=cmd|' /C calc'!A0",
    group: 'co-so-giao-duc',
    emails: ['a@example.vn'],
  },
]);

let standIns: StandIns;
let env: Record<string, string>;
const now = () => new Date('2021-10-06T03:00:00Z');

beforeAll(async () => {
  standIns = await startStandIns();
  env = {
    BAOCAO_CAMPAIGN: campaign.id,
    BAOCAO_TOKEN_SECRET: 'local-test-secret-0123456789-abcdefghij',
    WATCH_TOPIC: 'projects/local/topics/baocao-forms',
    SHEETS_ROOT_URL: standIns.endpoints.sheetsRootUrl,
    FORMS_ROOT_URL: standIns.endpoints.formsRootUrl,
    DRIVE_ROOT_URL: standIns.endpoints.driveRootUrl,
    GOOGLE_ACCESS_TOKEN: 'coordinator',
  };
});
afterAll(() => standIns.close());

/** The functions' account, as local mode has it: the renew function's code with its own token. */
const functionsAccount = (c: Campaign): WatchOwner => {
  const { smtp } = standIns.endpoints;
  const mailer = smtpMailer(
    loadSmtpConfig({
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_INSECURE: 'true',
      MAIL_FROM: 'baocao@pgd7.example',
    }),
  );
  const owner = inProcessWatchOwner({
    google: { ...loadSetupConfig(env), GOOGLE_ACCESS_TOKEN: 'functions' },
    campaign: c,
    topic: env.WATCH_TOPIC ?? '',
    mailer,
    now,
    log: memoryLogger(),
  });
  return (formId) => owner(formId).finally(() => mailer.close());
};

const run = (
  c: Campaign,
  previous: SetupState | undefined,
  /** null: the functions are not deployed yet. */
  watchOwner: WatchOwner | null = functionsAccount(c),
) => {
  const config = loadSetupConfig(env);
  return setup(c, previous, {
    clients: { ...googleClients(config), drive: driveClient(config) },
    config,
    fetch,
    now,
    calls: { sleep: async () => {}, random: () => 0, log: memoryLogger() },
    ...(watchOwner ? { watchOwner } : {}),
  });
};

async function sheetValues(state: SetupState, tab: string) {
  const { sheets } = googleClients(loadSetupConfig(env));
  const res = await sheets.spreadsheets.values.get({
    spreadsheetId: state.spreadsheetId,
    range: quoteSheet(tab),
    valueRenderOption: 'FORMULA',
  });
  return res.data.values ?? [];
}

describe('baocao setup before the functions are deployed', () => {
  it('creates no watch with the coordinator account and says the next run will', async () => {
    const result = await run(campaign, undefined, null);
    expect(result.watch).toBe('pending');
    expect(standIns.forms.watches(result.state.formId)).toEqual([]);
    expect(result.done.join('\n')).toContain('hãy chạy lại «baocao setup»');
  });
});

describe("setup's last step: the functions' watch is ACTIVE and more than six days from expiry", () => {
  const day = 24 * 3600 * 1000;
  const at = (days: number) => new Date(now().getTime() + days * day).toISOString();
  const answers: [string, unknown][] = [
    ['SUSPENDED', { ok: true, check: { state: 'SUSPENDED', expireTime: at(7) } }],
    ['expiring in five days', { ok: true, check: { state: 'ACTIVE', expireTime: at(5) } }],
    ['missing', { ok: false, reason: 'watch missing', check: {} }],
    ['a failed call', { ok: false, reason: 'PermissionDenied', alerted: true }],
    ['not the function at all', '<html>login</html>'],
  ];
  it.each(answers)('refuses a watch that is %s', async (_case, answer) => {
    const owner: WatchOwner = async () => answer;
    await expect(run(campaign, undefined, owner)).rejects.toBeInstanceOf(WatchNotReadyError);
  });

  it('accepts one ACTIVE for seven more days', async () => {
    const owner: WatchOwner = async () => ({
      ok: true,
      check: { watchId: 'w-1', state: 'ACTIVE', expireTime: at(7) },
    });
    const result = await run(campaign, undefined, owner);
    expect(result.watch).toBe('verified');
    expect(result.state.watchId).toBe('w-1');
  });
});

describe('baocao setup', () => {
  let first: Awaited<ReturnType<typeof run>>;

  it('creates a published form, the master sheet, personal links and the watch', async () => {
    first = await run(campaign, undefined);
    const form = standIns.forms.form(first.state.formId);
    expect(form?.info?.title).toBe(campaign.title);
    const questions = (form?.items ?? []).filter((i) => i.questionItem).map((i) => i.title ?? '');
    for (const m of campaign.askedMeasures) {
      expect(questions).toContain(`${m.row.label} – ${m.label}`);
    }
    for (const m of campaign.computedMeasures) {
      expect(questions).not.toContain(`${m.row.label} – ${m.label}`);
    }
    expect(form?.publishSettings?.publishState).toEqual({
      isPublished: true,
      isAcceptingResponses: true,
    });
    // Created by the functions' account, which renews it: never by the coordinator.
    expect(
      standIns.forms.watches(first.state.formId).map((w) => [w.eventType, w.state, w.owner]),
    ).toEqual([['RESPONSES', 'ACTIVE', 'functions']]);
    expect(first.watch).toBe('verified');
    expect(first.links).toHaveLength(campaign.units.length);
    const progress = await sheetValues(first.state, TAB.progress);
    const layout = sheetLayout(campaign);
    const unitRows = progress.slice(layout.progress.firstUnitRow - 1);
    expect(unitRows.map((r) => r[0])).toEqual(campaign.units.map((u) => u.id));
    // The links carry each unit's code: they live in the hidden "Liên kết" tab, not in "Tiến độ".
    expect(progress.flat().some((cell) => String(cell).includes('usp=pp_url'))).toBe(false);
    const links = await sheetValues(first.state, TAB.links);
    expect(links.slice(layout.links.firstRow - 1)).toEqual(
      first.links.map((l) => [l.unitId, l.link]),
    );
  });

  it('hands out links whose page shows the unit and its code already filled in', async () => {
    const tanPhong = first.links.find((l) => l.unitId === 'p-tan-phong');
    const html = await (await fetch(tanPhong?.link ?? '')).text();
    expect(html).toContain('UBND Phường Tân Phong');
    const token = new URL(tanPhong?.link ?? '').searchParams;
    const code = [...token.values()].at(-1) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{16}$/);
    expect(html).toContain(code);
  });

  it('keeps a unit named like a formula as text in the sheet', async () => {
    const progress = await sheetValues(first.state, TAB.progress);
    expect(progress.some((r) => r[1] === "=cmd|' /C calc'!A0")).toBe(true);
  });

  it('on a second run changes no data and sends only a few requests', async () => {
    const { sheets } = googleClients(loadSetupConfig(env));
    const layout = sheetLayout(campaign);
    // A coordinator's hand edits and a synced unit's numbers must survive the re-run.
    const row = layout.data.firstUnitRow + 2;
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: first.state.spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          {
            range: `${quoteSheet(TAB.data)}!D${row}:E${row}`,
            values: [['r1@2021-10-05', '10:00 05/10/2021']],
          },
          { range: `${quoteSheet(TAB.data)}!H${row}:I${row}`, values: [[3, 40]] },
        ],
      },
    });
    await sheets.spreadsheets.values.update({
      spreadsheetId: first.state.spreadsheetId,
      range: `${quoteSheet(TAB.progress)}!M${layout.progress.firstUnitRow}`,
      valueInputOption: 'RAW',
      requestBody: { values: [['Đã gọi điện nhắc']] },
    });
    const before = await Promise.all(
      [TAB.progress, TAB.data, TAB.report].map((t) => sheetValues(first.state, t)),
    );
    const second = await run(campaign, first.state);
    const after = await Promise.all(
      [TAB.progress, TAB.data, TAB.report].map((t) => sheetValues(first.state, t)),
    );
    expect(after).toEqual(before);
    expect(second.state.formId).toBe(first.state.formId);
    expect(second.state.spreadsheetId).toBe(first.state.spreadsheetId);
    // The coordinator's requests only: the watch's renewal is the functions' account's.
    expect(second.requests).toEqual({ reads: 2, writes: 2 });
    expect(second.done.join('\n')).toContain('Biểu mẫu đã đầy đủ');
    expect(standIns.forms.watches(first.state.formId).filter((w) => !w.expired)).toHaveLength(1);
  });

  it('adds a unit that joined the registry: a sheet row, a form choice and a link', async () => {
    const more = withUnits(campaign, [
      ...campaign.units,
      {
        id: 'th-tan-phong',
        name: 'Trường Tiểu học Tân Phong',
        group: 'co-so-giao-duc',
        emails: [],
      },
    ]);
    const third = await run(more, first.state);
    expect(third.links.map((l) => l.unitId)).toContain('th-tan-phong');
    const progress = await sheetValues(first.state, TAB.progress);
    expect(progress.at(-1)?.[0]).toBe('th-tan-phong');
    const data = await sheetValues(first.state, TAB.data);
    expect(data.at(-1)?.[0]).toBe('th-tan-phong');
    const unitQuestion = standIns.forms
      .form(first.state.formId)
      ?.items?.find((i) => i.title === 'Đơn vị báo cáo');
    expect(
      unitQuestion?.questionItem?.question?.choiceQuestion?.options?.map((o) => o.value),
    ).toContain('Trường Tiểu học Tân Phong');
  });
});
