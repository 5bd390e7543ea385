import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth, forms } from '@googleapis/forms';
import { createTransport } from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { clientFor } from '../local/sheets/testing.ts';
import { startStandIns } from '../local/standins.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'baocao-standins-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the local stand-ins started together', () => {
  it('serve Sheets, Forms and mail on loopback and keep everything across a restart', async () => {
    const first = await startStandIns({ dataDir });
    for (const url of [
      first.endpoints.sheetsRootUrl,
      first.endpoints.formsRootUrl,
      first.endpoints.inboxUrl,
    ]) {
      expect(new URL(url).hostname).toBe('127.0.0.1');
    }
    const sheetsApi = clientFor(first.sheets.url);
    const created = await sheetsApi.spreadsheets.create({
      requestBody: {
        properties: { title: 'Tổng hợp' },
        sheets: [{ properties: { title: 'Tiến độ' } }],
      },
    });
    const spreadsheetId = created.data.spreadsheetId ?? '';
    const oauth = new auth.OAuth2();
    oauth.setCredentials({ access_token: 'coordinator' });
    const formsApi = forms({ version: 'v1', rootUrl: first.endpoints.formsRootUrl, auth: oauth });
    const form = await formsApi.forms.create({
      requestBody: { info: { title: 'Báo cáo Tuần lễ' } },
    });
    await createTransport({
      host: first.endpoints.smtp.host,
      port: first.endpoints.smtp.port,
      secure: false,
    }).sendMail({
      from: 'baocao@example.vn',
      to: 'pgd7@example.vn',
      subject: 'Thử hộp thư',
      text: 'Xin chào',
    });
    await first.close();

    const second = await startStandIns({ dataDir });
    try {
      const book = await clientFor(second.sheets.url).spreadsheets.get({ spreadsheetId });
      expect(book.data.sheets?.[0]?.properties?.title).toBe('Tiến độ');
      expect(second.forms.form(form.data.formId ?? '')?.info?.title).toBe('Báo cáo Tuần lễ');
      expect(second.mail.messages().map((m) => m.subject)).toEqual(['Thử hộp thư']);
    } finally {
      await second.close();
    }
  });
});
