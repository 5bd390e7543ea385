import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnownCampaign } from '../cli/campaigns.ts';
import type { LocalEndpoints } from '../local/localmode.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'baocao-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('brings up local mode: a unit submits through its link and sees its row and its receipt', async () => {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'local/main.ts',
        '--data-dir',
        dataDir,
        '--port-base',
        String(base),
        '--quiet',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    try {
      const file = join(dataDir, 'endpoints.json');
      const endpoints = await until(
        'local mode to start',
        async () =>
          existsSync(file) && stdout.includes('Ctrl-C')
            ? (JSON.parse(readFileSync(file, 'utf8')) as LocalEndpoints)
            : undefined,
        // Two campaigns are set up before it listens: on a loaded machine that takes a while.
        45_000,
      );
      expect(stdout).toContain('Chạy thử: đồng hồ đặt như đang ở');
      expect(stdout).toContain('Nhắc nhở tự động gửi các mốc từ 09:0');
      expect(stdout).toContain(endpoints.sheetUrl);
      expect(stdout).toContain(`npm run baocao -- login --local ${dataDir}`);
      // The sign-in stand-in listens on its fixed port, next to the functions'.
      expect(endpoints.oauth.authorizeUrl).toBe(`http://127.0.0.1:${base + 6}/authorize`);
      const campaign = loadKnownCampaign('q7-htsd-2021');
      const link = endpoints.links.find((l) => l.unitId === 'p-binh-thuan')?.link ?? '';
      await submit(campaign, link, { answers: { '3.count': '250' } });

      const mail = await until('the receipt', async () => {
        const res = await fetch(`${endpoints.inboxApiUrl}?to=p-binh-thuan@donvi.example`);
        const body = (await res.json()) as { messages: { subject: string }[] };
        return body.messages[0];
      });
      expect(mail.subject).toContain('UBND Phường Bình Thuận');
      const grid = await until('the sheet view', async () => {
        const res = await fetch(
          `${endpoints.sheetUrl}/values?sheet=${encodeURIComponent('Số liệu')}`,
        );
        const text = await res.text();
        return text.includes('p-binh-thuan') && text.includes('250') ? text : undefined;
      });
      expect(grid).toContain('250');

      // The ward's 2026 campaign runs beside it: its own links, form, sheet and receipts.
      expect(endpoints.campaigns.map((c) => c.id)).toEqual([
        'q7-htsd-2021',
        'tan-hung-doc-sach-2026',
      ]);
      const second = endpoints.campaigns[1];
      expect(stdout).toContain('Đợt 2: Ngày Sách và Văn hóa đọc Việt Nam năm 2026');
      expect(stdout).toContain(second?.sheetUrl);
      const schoolLink = second?.links.find((l) => l.unitId === 'th-tan-hung')?.link ?? '';
      expect(stdout).toContain(schoolLink);
      await submit(loadKnownCampaign('tan-hung-doc-sach-2026'), schoolLink, {
        answers: { '2.count': '135' },
      });
      const receipt = await until("the school's receipt", async () => {
        const res = await fetch(`${endpoints.inboxApiUrl}?to=th-tan-hung@donvi.example`);
        const body = (await res.json()) as { messages: { subject: string }[] };
        return body.messages[0];
      });
      expect(receipt.subject).toContain('Trường Tiểu học Tân Hưng');
      const secondGrid = await until('the second sheet', async () => {
        const res = await fetch(
          `${second?.sheetUrl}/values?sheet=${encodeURIComponent('Số liệu')}`,
        );
        const text = await res.text();
        return text.includes('th-tan-hung') && text.includes('135') ? text : undefined;
      });
      expect(secondGrid).not.toContain('p-binh-thuan');
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
    expect(stdout).toContain('Đang dừng');
  }, 120_000);
});
