// A person in a real Chromium: fills a ward's form on a phone-sized screen, finds the receipt and the sheet changed.
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../forms/campaign.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const PHONE = { width: 390, height: 844 };

let local: LocalMode;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log: memoryLogger() });
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

async function waitForMail(unitEmail: string, count: number) {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    const mails = local.standIns.mail.messages().filter((m) => m.envelope.to.includes(unitEmail));
    if (mails.length >= count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail #${count} for ${unitEmail}`);
}

describe('a ward in a real browser on a phone', () => {
  it('submits its report, finds the receipt and sees the sheet change; a wrong number is sent back', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    const link = local.endpoints.links.find((l) => l.unitId === 'p-tan-phong')?.link ?? '';

    await page.goto(link);
    await expect(page.locator('select, input').first()).toBeDefined();
    expect(await page.content()).toContain('UBND Phường Tân Phong');
    await page.screenshot({ path: `${ARTIFACTS}/phone-form.png`, fullPage: false });
    // The page must fit a 390 px screen: nothing wider than the viewport.
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await fillForm(page, local.campaign, {
      '2': { '2.count': '12' },
      '10': { '10.1.amount': '1.500.000' },
    });
    await expect(page.getByText('Cảm ơn đơn vị đã gửi báo cáo')).toBeDefined();
    expect(await page.content()).toContain('Cảm ơn đơn vị đã gửi báo cáo');
    await page.screenshot({ path: `${ARTIFACTS}/phone-confirmation.png` });

    await waitForMail('p-tan-phong@donvi.example', 1);
    await page.goto(local.endpoints.inboxUrl);
    await page
      .getByRole('link', { name: /Biên nhận.*UBND Phường Tân Phong/ })
      .first()
      .click();
    const receipt = await page.content();
    expect(receipt).toContain('1.500.000 đồng');
    expect(receipt).toContain('12');
    await page.screenshot({ path: `${ARTIFACTS}/phone-inbox-receipt.png`, fullPage: true });
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await page.goto(local.endpoints.sheetUrl);
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads the table as a person sees it rendered.
    const progress = await page.locator('table').innerText();
    expect(progress).toMatch(/p-tan-phong[\s\S]*Đã nộp/);
    expect(progress).toContain(`Đã nộp 1/${local.campaign.units.length}`);
    await page.screenshot({ path: `${ARTIFACTS}/phone-sheet-progress.png` });
    await page.goto(`${local.endpoints.sheetUrl}?sheet=${encodeURIComponent('Báo cáo')}`);
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads the table as a person sees it rendered.
    const report = await page.locator('table').innerText();
    expect(report).toMatch(/Kinh phí[\s\S]*1\.500\.000/);
    expect(report).toMatch(/Số tin bài về các hoạt động của Tuần lễ[\s\S]*12/);
    await page.screenshot({ path: `${ARTIFACTS}/phone-sheet-report.png`, fullPage: true });

    // Again, with a budget typed wrongly: the unit is told what to fix; its numbers stand.
    await page.goto(link);
    await fillForm(page, local.campaign, { '10': { '10.1.amount': '1,500' } });
    await waitForMail('p-tan-phong@donvi.example', 2);
    await page.goto(local.endpoints.inboxUrl);
    await page
      .getByRole('link', { name: /chưa được ghi nhận|trả lại|sửa/i })
      .first()
      .click();
    const rejection = await page.content();
    expect(rejection).toContain('Bạn đã nhập "1,500"');
    expect(rejection).toContain('Dòng 10.1');
    await page.screenshot({ path: `${ARTIFACTS}/phone-inbox-rejection.png`, fullPage: true });
    await context.close();
  }, 120_000);
});
