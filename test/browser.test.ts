// A person in a real Chromium: fills a ward's form on a phone-sized screen, finds the receipt and the sheet changed; the coordinator signs in.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  type Browser,
  chromium,
  type FrameLocator,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, main } from '../cli/main.ts';
import type { Campaign } from '../forms/campaign.ts';
import { confirmationMessage, UNIT_TITLE } from '../forms/form-builder.ts';
import { percent } from '../functions/core/progress.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { until } from '../testing/wait.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const PHONE = { width: 390, height: 844 };

let local: LocalMode;
let browser: Browser;
/** Local mode's folder, as `npm start` keeps it: what `baocao … --local DIR` reads. */
let dataDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'baocao-browser-'));
  local = await startLocalMode({
    dataDir,
    sync: { burst: 100, refillMs: 0 },
    log: memoryLogger(),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine has no network: background services would only fail their lookups.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await local?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** How wide the page really is: more than the viewport means a phone user scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

const card = (page: Page, title: string) =>
  page.locator('.card').filter({ has: page.locator('p.q-title', { hasText: title }) });

/**
 * Walks the form page by page as a person would: answers each Có/Không question shown, types
 * the numbers asked, and presses "Tiếp" until "Gửi".
 */
async function fillForm(
  page: Page,
  campaign: Campaign,
  yes: Record<string, Record<string, string>>,
) {
  for (let step = 0; step < 60; step++) {
    for (const [title, value] of [
      ['Họ và tên người báo cáo', 'Trần Thị Bình'],
      ['Số điện thoại liên hệ', '0908 765 432'],
    ] as const) {
      const input = card(page, title).locator('input[type=text]');
      if ((await input.count()) > 0) await input.fill(value);
    }
    for (const section of campaign.sections) {
      const gate = card(page, section.question);
      if ((await gate.count()) === 0) continue;
      await gate.getByLabel(section.id in yes ? 'Có' : 'Không', { exact: true }).check();
    }
    for (const answers of Object.values(yes)) {
      for (const [measureId, typed] of Object.entries(answers)) {
        const m = campaign.measure(measureId);
        if (!m) throw new Error(`no measure ${measureId}`);
        const input = card(page, `${m.row.label} – ${m.label}`).locator('input[type=text]');
        if ((await input.count()) > 0) await input.fill(typed);
      }
    }
    const submit = page.getByRole('button', { name: 'Gửi' });
    if ((await submit.count()) > 0) {
      await page.screenshot({ path: `${ARTIFACTS}/form-last-page.png`, fullPage: true });
      await submit.click();
      return;
    }
    await page.getByRole('button', { name: 'Tiếp' }).click();
  }
  throw new Error('the form never reached its last page');
}

/** Waits until the inbox holds `count` mails for a unit's address. */
const mailFor = (unitEmail: string, count: number) =>
  until(`mail #${count} for ${unitEmail}`, () => {
    const mails = local.standIns.mail.messages().filter((m) => m.envelope.to.includes(unitEmail));
    return mails.length >= count ? mails : undefined;
  });

/** A regular expression matching exactly `text`, whitespace trimmed. */
const exactly = (text: string) =>
  new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** What a person reads in an element, as rendered (hidden text left out). */
// biome-ignore lint/performance/useDomNodeTextContent: the test reads text as a person sees it rendered.
const seen = (where: Locator) => where.innerText().then((t) => t.trim());

/**
 * The text a person reads in a table's cell: the row one of whose cells reads `rowLabel`, under
 * the column whose heading cell reads `column`. Works in the inbox's mail frame and the sheet view.
 */
async function cell(scope: Page | FrameLocator, rowLabel: string, column: string) {
  const heading = scope
    .locator('th, td')
    .filter({ hasText: exactly(column) })
    .first();
  const index = await heading.evaluate((c: { cellIndex: number }) => c.cellIndex);
  const row = scope.locator('tr', { has: scope.locator('td', { hasText: exactly(rowLabel) }) });
  expect(await row.count(), `rows labelled "${rowLabel}"`).toBe(1);
  return seen(row.locator('td, th').nth(index));
}

describe('a ward in a real browser on a phone', () => {
  it('submits its report, finds the receipt and sees the sheet change; a wrong number is sent back', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    const { campaign } = local;
    const unitName = 'UBND Phường Tân Phong';
    const link = local.endpoints.links.find((l) => l.unitId === 'p-tan-phong')?.link ?? '';

    await page.goto(link);
    // The personal link opens the form with the ward already chosen in the unit list.
    const unitList = card(page, UNIT_TITLE).locator('select');
    expect(
      await unitList.evaluate(
        (s: { selectedOptions: ArrayLike<{ text: string }> }) => s.selectedOptions[0]?.text,
      ),
    ).toBe(unitName);
    await page.screenshot({ path: `${ARTIFACTS}/phone-form.png`, fullPage: false });
    // The page must fit a 390 px screen: nothing wider than the viewport.
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await fillForm(page, campaign, {
      '2': { '2.count': '12' },
      '10': { '10.1.amount': '1.500.000' },
    });
    expect(await seen(page.locator('.card.head .help'))).toBe(confirmationMessage(campaign));
    await page.screenshot({ path: `${ARTIFACTS}/phone-confirmation.png` });

    await mailFor('p-tan-phong@donvi.example', 1);
    await page.goto(local.endpoints.inboxUrl);
    await page
      .getByRole('link', { name: /Biên nhận.*UBND Phường Tân Phong/ })
      .first()
      .click();
    expect(await seen(page.locator('h1'))).toBe(
      `Biên nhận báo cáo – ${unitName} – ${campaign.title}`,
    );
    const receipt = page.frameLocator('iframe');
    expect(await cell(receipt, 'Ngân sách nhà nước', 'Số lượng')).toBe('1.500.000 đồng');
    expect(await cell(receipt, 'Số tin bài về các hoạt động của Tuần lễ', 'Số lượng')).toBe('12');
    await page.screenshot({ path: `${ARTIFACTS}/phone-inbox-receipt.png`, fullPage: true });
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await page.goto(local.endpoints.sheetUrl);
    expect(await cell(page, unitName, 'Trạng thái')).toBe('Đã nộp');
    expect(await seen(page.getByRole('cell', { name: /^Đã nộp \d+\/\d+ đơn vị/ }))).toBe(
      `Đã nộp 1/${campaign.units.length} đơn vị (${percent(1, campaign.units.length)}%)`,
    );
    await page.screenshot({ path: `${ARTIFACTS}/phone-sheet-progress.png` });
    const reportTab = `${local.endpoints.sheetUrl}?sheet=${encodeURIComponent('Báo cáo')}`;
    await page.goto(reportTab);
    expect(await cell(page, 'Ngân sách nhà nước', 'Số lượng')).toBe('1.500.000');
    expect(await cell(page, 'Kinh phí', 'Số lượng')).toBe('1.500.000');
    expect(await cell(page, 'Số tin bài về các hoạt động của Tuần lễ', 'Số lượng')).toBe('12');
    await page.screenshot({ path: `${ARTIFACTS}/phone-sheet-report.png`, fullPage: true });

    // Again, with a budget typed wrongly: the unit is told what to fix; its numbers stand.
    await page.goto(link);
    await fillForm(page, campaign, { '10': { '10.1.amount': '1,500' } });
    await mailFor('p-tan-phong@donvi.example', 2);
    await page.goto(local.endpoints.inboxUrl);
    await page
      .getByRole('link', { name: /chưa được ghi nhận|trả lại|sửa/i })
      .first()
      .click();
    expect(await seen(page.locator('h1'))).toBe(
      `Báo cáo chưa được ghi nhận, cần sửa – ${unitName} – ${campaign.title}`,
    );
    const rejection = page.frameLocator('iframe');
    const errors = rejection.locator('ol > li');
    expect(await errors.count()).toBe(1);
    const error = await seen(errors.first());
    expect(error).toMatch(/^Dòng 10\.1\b/);
    expect(error).toContain('Bạn đã nhập "1,500"');
    expect(await seen(rejection.locator('p', { hasText: 'Số liệu chưa được ghi nhận' }))).toBe(
      'Số liệu chưa được ghi nhận; số liệu đã nộp hợp lệ lần trước vẫn được giữ nguyên.',
    );
    await page.screenshot({ path: `${ARTIFACTS}/phone-inbox-rejection.png`, fullPage: true });
    await page.goto(reportTab);
    expect(await cell(page, 'Ngân sách nhà nước', 'Số lượng')).toBe('1.500.000');
    await context.close();
  }, 120_000);
});

/** What a CLI command prints, as the coordinator's terminal shows it. */
function terminal() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

describe('the coordinator signs in through baocao login', () => {
  it('opens the printed link, presses "Cho phép", and the next command runs on the stored sign-in', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    const login = terminal();
    const done = main(['login', '--local', dataDir, '--no-browser'], process.env, login.stream);
    const url = await until('the sign-in link', () =>
      /http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+/.exec(login.text())?.at(0),
    );
    await page.goto(url);
    expect(await seen(page.locator('h1'))).toBe(
      'baocao muốn truy cập vào Tài khoản Google của bạn',
    );
    expect(await seen(page.locator('li').first())).toContain('bảng tính Google Trang tính');
    await page.screenshot({ path: `${ARTIFACTS}/login-consent.png`, fullPage: true });
    await page.getByRole('button', { name: 'Cho phép' }).click();
    // The browser lands on the CLI's own loopback page.
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/\?code=/);
    expect(await seen(page.locator('h1'))).toBe('Đã đăng nhập');
    expect(await done).toBe(0);
    const file = join(dataDir, 'credentials.json');
    expect(login.text()).toContain(`✓ Đã đăng nhập. Thông tin đăng nhập được lưu tại ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const refreshed = local.standIns.oauth.grants.refreshToken;
    const status = terminal();
    const code = await main(['status', '--local', dataDir], process.env, status.stream);
    expect(code, status.text()).toBe(3);
    expect(status.text()).toMatch(/Đã nộp \d+\/\d+ đơn vị/);
    // It reached the sheet with an access token refreshed from the stored sign-in.
    expect(local.standIns.oauth.grants.refreshToken).toBeGreaterThan(refreshed);

    // Revoked (or, on a "Testing" consent screen, expired after 7 days): the command says what to do.
    const { refresh_token } = JSON.parse(readFileSync(file, 'utf8')) as { refresh_token: string };
    await fetch(`${local.endpoints.oauth.revokeUrl}?token=${refresh_token}`, { method: 'POST' });
    const refused = await main(['status', '--local', dataDir], process.env, terminal().stream).then(
      () => undefined,
      (error: unknown) => explain(error),
    );
    expect(refused).toMatch(
      /^phiên đăng nhập Google đã hết hạn hoặc đã bị thu hồi\. Hãy chạy baocao login/,
    );
    const logout = terminal();
    expect(await main(['logout', '--local', dataDir], process.env, logout.stream)).toBe(0);
    expect(logout.text()).toContain(`✓ Đã xóa ${file}`);
    expect(existsSync(file)).toBe(false);
    await context.close();
  }, 60_000);
});
