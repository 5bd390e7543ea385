// Test helpers: a stand-in with the real @googleapis/sheets client pointed at it, as the product does.
import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';
import { type SheetsStandIn, type SheetsStandInOptions, startSheetsStandIn } from './server.ts';

export type SheetsApi = sheets_v4.Sheets;

/** The real client; retries off so a test sees each answer the stand-in gives. */
export function clientFor(url: string, token = 'test-user'): SheetsApi {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: token });
  return sheets({ version: 'v4', rootUrl: `${url}/`, auth: oauth, retry: false });
}

export async function standInWithClient(options: SheetsStandInOptions = {}) {
  const standIn: SheetsStandIn = await startSheetsStandIn(options);
  return { standIn, api: clientFor(standIn.url) };
}

/** Creates a spreadsheet with the given tab titles and answers its id. */
export async function createBook(
  api: SheetsApi,
  tabs: string[],
  locale = 'vi_VN',
): Promise<string> {
  const res = await api.spreadsheets.create({
    requestBody: {
      properties: { title: 'Báo cáo thử', locale, timeZone: 'Asia/Ho_Chi_Minh' },
      sheets: tabs.map((title) => ({ properties: { title } })),
    },
  });
  const id = res.data.spreadsheetId;
  if (!id) throw new Error('create returned no spreadsheetId');
  return id;
}

/** The status and Google error body of a call expected to fail. */
export async function failure(call: Promise<unknown>): Promise<{
  status: number | undefined;
  error: { code?: number; message?: string; status?: string };
}> {
  try {
    await call;
  } catch (error) {
    const e = error as {
      status?: number;
      response?: { data?: { error?: { code?: number; message?: string; status?: string } } };
    };
    return { status: e.status, error: e.response?.data?.error ?? {} };
  }
  throw new Error('expected the call to fail');
}
