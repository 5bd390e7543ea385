import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveClient } from '../cli/drive.ts';
import { main } from '../cli/main.ts';
import { loadGoogleConfig } from '../functions/platform/config.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import {
  columnLetter,
  LAYOUT_VERSION,
  quoteSheet,
  sheetLayout,
  TAB,
} from '../functions/sheet/layout.ts';
import { FUNCTIONS_SERVICE_ACCOUNT, type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'baocao-doctor-'));
let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({ dataDir, log: memoryLogger() });
}, 60_000);
afterAll(async () => {
  await local.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function doctor() {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const code = await main(['doctor', '--local', dataDir], {}, out);
  const red = text.split('\n').filter((l) => l.includes('✗ lỗi'));
  const fixes = text.split('\n').filter((l) => l.includes('→ Cách sửa:'));
  return { code, text, red, fixes };
}

/** The coordinator's own clients on local mode: what they would use in Google's web pages. */
function coordinator() {
  const config = loadGoogleConfig({
    BAOCAO_CAMPAIGN: 'q7-htsd-2021',
    FORMS_ROOT_URL: local.endpoints.formsRootUrl,
    SHEETS_ROOT_URL: local.endpoints.sheetsRootUrl,
    DRIVE_ROOT_URL: local.endpoints.driveRootUrl,
    GOOGLE_ACCESS_TOKEN: 'local-coordinator',
  });
  return { ...googleClients(config), drive: driveClient(config) };
}

/** Removes the functions' account from a file's shares, as a coordinator would in "Share". */
async function unshare(fileId: string) {
  const { drive } = coordinator();
  const list = await drive.permissions.list({ fileId });
  const share = (list.data.permissions ?? []).find(
    (p) => p.emailAddress === FUNCTIONS_SERVICE_ACCOUNT,
  );
  await drive.permissions.delete({ fileId, permissionId: share?.id ?? '' });
}

async function share(fileId: string) {
  await coordinator().drive.permissions.create({
    fileId,
    requestBody: { type: 'user', role: 'writer', emailAddress: FUNCTIONS_SERVICE_ACCOUNT },
  });
}

async function setEmails(unitId: string, value: string) {
  const sheets = clientFor(local.standIns.sheets.url);
  const layout = sheetLayout(local.campaign);
  const rows = await sheets.spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(TAB.progress),
  });
  const row = (rows.data.values ?? []).findIndex((r) => r[0] === unitId) + 1;
  await sheets.spreadsheets.values.update({
    spreadsheetId: local.state.spreadsheetId,
    range: `${quoteSheet(TAB.progress)}!${columnLetter(layout.progress.col.emails)}${row}`,
    valueInputOption: 'RAW',
    requestBody: { values: [[value]] },
  });
}

/** What an older (or newer) release of the product would have left in "Hệ thống". */
async function setLayoutVersion(version: string) {
  const sheets = clientFor(local.standIns.sheets.url);
  const rows = await sheets.spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(TAB.system),
  });
  const row = (rows.data.values ?? []).findIndex((r) => r[0] === 'layoutVersion') + 1;
  await sheets.spreadsheets.values.update({
    spreadsheetId: local.state.spreadsheetId,
    range: `${quoteSheet(TAB.system)}!B${row}`,
    valueInputOption: 'RAW',
    requestBody: { values: [[version]] },
  });
}

async function setAccepting(open: boolean) {
  await coordinator().forms.forms.setPublishSettings({
    formId: local.state.formId,
    requestBody: {
      publishSettings: { publishState: { isPublished: true, isAcceptingResponses: open } },
    },
  });
}

const DAY = 24 * 3600_000;

describe('baocao doctor on local mode', () => {
  it('is all green on a fresh local mode, and exits 0', async () => {
    const { code, text, red } = await doctor();
    expect(red).toEqual([]);
    expect(text).toContain('Tất cả');
    expect(text).toContain('✓ đạt  Đăng ký nhận thông báo câu trả lời (watch) đang hoạt động');
    expect(text).toContain('nhận đăng nhập của baocao@pgd7.example (không gửi thư nào)');
    expect(code).toBe(0);
  });

  const faults: {
    name: string;
    inject: () => unknown;
    undo: () => unknown;
    red: RegExp;
    fix: RegExp;
    /** A fault some other check depends on shows on that line too. */
    lines?: number;
  }[] = [
    {
      name: 'the functions account can no longer edit the sheet',
      inject: () => unshare(local.state.spreadsheetId),
      undo: () => share(local.state.spreadsheetId),
      red: /Tài khoản của các hàm \(baocao-functions@baocao-local\.iam\.gserviceaccount\.com\) không được sửa bảng tổng hợp/,
      fix: /Mở bảng tổng hợp › Chia sẻ, thêm baocao-functions@\S+ với quyền Người chỉnh sửa/,
    },
    {
      name: 'the functions account can no longer edit the form',
      inject: () => unshare(local.state.formId),
      undo: () => share(local.state.formId),
      red: /không được sửa biểu mẫu/,
      fix: /Mở biểu mẫu › Thêm cộng tác viên, thêm baocao-functions@\S+ với quyền Người chỉnh sửa/,
    },
    {
      name: 'Google suspended the watch',
      inject: () => local.standIns.forms.breakWatch(local.state.formId, { state: 'SUSPENDED' }),
      undo: () => local.runtime.renewWatch(),
      red: /Đăng ký nhận thông báo \(watch\) đang ở trạng thái SUSPENDED/,
      fix: /tạo lại đăng ký bằng: npm run baocao -- watch renew --local /,
    },
    {
      name: 'the watch expired',
      inject: () => local.standIns.forms.breakWatch(local.state.formId, { expiresInMs: 0 }),
      undo: () => local.runtime.renewWatch(),
      red: /Biểu mẫu không có đăng ký nhận thông báo câu trả lời/,
      fix: /Tạo lại đăng ký bằng: npm run baocao -- watch renew --local /,
    },
    {
      name: 'the watch was not renewed for two days',
      inject: () => local.standIns.forms.breakWatch(local.state.formId, { expiresInMs: 5 * DAY }),
      undo: () => local.runtime.renewWatch(),
      red: /\(watch\) hết hạn lúc \d\d:\d\d ngày \d\d\/\d\d\/2021, còn dưới 6 ngày/,
      fix: /Xem nhật ký hàm baocao-renew-watch rồi gia hạn ngay bằng: npm run baocao -- watch renew/,
    },
    {
      name: 'the topic lost Google Forms as its publisher',
      inject: () => local.standIns.cloud.inject({ type: 'remove-publisher-grant' }),
      undo: () => local.standIns.cloud.reset(),
      red: /Google Forms chưa được đăng thông báo lên chủ đề Pub\/Sub/,
      fix: /chính sách tổ chức iam\.allowedPolicyMemberDomains/,
    },
    {
      name: 'the mail server refuses the sign-in',
      inject: () => local.standIns.mail.refuseAuth(true),
      undo: () => local.standIns.mail.refuseAuth(false),
      red: /Máy chủ thư 127\.0\.0\.1:\d+ từ chối đăng nhập của baocao@pgd7\.example/,
      fix: /Tạo mật khẩu ứng dụng mới cho baocao@pgd7\.example và thêm nó bằng "gcloud secrets versions add baocao-smtp-password --data-file=-"/,
    },
    {
      name: 'anyone may call the sweep',
      inject: () =>
        local.standIns.cloud.inject({
          type: 'add-invoker',
          function: 'baocao-sync-sweep',
          member: 'allUsers',
        }),
      undo: () => local.standIns.cloud.reset(),
      red: /Hàm baocao-sync-sweep cho phép allUsers gọi/,
      fix: /remove-iam-policy-binding baocao-sync-sweep --region=asia-southeast1 --member=allUsers --role=roles\/run\.invoker/,
    },
    {
      name: 'a function is not deployed',
      inject: () =>
        local.standIns.cloud.inject({ type: 'delete-function', function: 'baocao-renew-watch' }),
      undo: () => local.standIns.cloud.reset(),
      red: /Hàm baocao-renew-watch chưa được triển khai/,
      fix: /baocao:spreadsheetId và baocao:formId .* "pulumi up"/,
    },
    {
      name: 'the SMTP password secret has no version',
      inject: () =>
        local.standIns.cloud.inject({
          type: 'destroy-secret-versions',
          secret: 'baocao-smtp-password',
        }),
      undo: () => local.standIns.cloud.reset(),
      red: /Bí mật baocao-smtp-password chưa có giá trị/,
      fix: /gcloud secrets versions add baocao-smtp-password --data-file=-/,
      lines: 2,
    },
    {
      name: 'an API was turned off',
      inject: () =>
        local.standIns.cloud.inject({ type: 'disable-api', api: 'forms.googleapis.com' }),
      undo: () => local.standIns.cloud.reset(),
      red: /Chưa bật API: forms\.googleapis\.com/,
      fix: /gcloud services enable forms\.googleapis\.com --project=baocao-local/,
    },
    {
      name: 'the form stopped accepting responses',
      inject: () => setAccepting(false),
      undo: () => setAccepting(true),
      red: /Biểu mẫu đã xuất bản nhưng đang đóng/,
      fix: /Chạy "baocao setup" để xuất bản lại biểu mẫu/,
    },
    {
      name: 'the sheet was made by an older release',
      inject: () => setLayoutVersion('2'),
      undo: () => setLayoutVersion(String(LAYOUT_VERSION)),
      red: new RegExp(`bố cục phiên bản "2", phần mềm cần phiên bản ${LAYOUT_VERSION}`),
      fix: /Chạy "baocao setup" để nâng cấp bảng tại chỗ/,
    },
    {
      name: 'the sheet was made by a newer release',
      inject: () => setLayoutVersion('99'),
      undo: () => setLayoutVersion(String(LAYOUT_VERSION)),
      red: /bố cục phiên bản "99"/,
      fix: /Triển khai đúng phiên bản phần mềm đã tạo bảng này/,
    },
    {
      name: 'a unit has no email',
      inject: () => setEmails('phong-noi-vu', ''),
      undo: () => setEmails('phong-noi-vu', 'phong-noi-vu@donvi.example'),
      red: /1 đơn vị chưa có email nên không nhận được biên nhận và nhắc nhở: Phòng Nội vụ/,
      fix: /cột «Email nhận thư» của trang «Tiến độ»/,
    },
  ];

  it.each(faults)('is red with its one fix when $name', async (fault) => {
    await fault.inject();
    try {
      const { code, red, fixes } = await doctor();
      expect(red).toHaveLength(fault.lines ?? 1);
      expect(red[0]).toMatch(fault.red);
      expect(fixes).toHaveLength(fault.lines ?? 1);
      for (const fix of fixes) {
        expect(fix).toMatch(fault.fix);
        // One sentence: it ends once, with a full stop, and is not split over lines.
        expect(fix.trim().match(/\.(\s|$)/g)).toHaveLength(1);
      }
      expect(code).not.toBe(0);
    } finally {
      await fault.undo();
    }
    expect((await doctor()).code).toBe(0);
  });

  it.each(['baocao-sync-sweep', 'baocao-renew-watch'])(
    'stays green when the coordinator may call %s (baocao:coordinatorEmail)',
    async (fn) => {
      local.standIns.cloud.inject({
        type: 'add-invoker',
        function: fn,
        member: 'user:nguoi-tong-hop@pgd7.example',
      });
      try {
        const { code, red } = await doctor();
        expect(red).toEqual([]);
        expect(code).toBe(0);
      } finally {
        local.standIns.cloud.reset();
      }
    },
  );

  it('refuses a local folder made before doctor rather than send its token to Google', async () => {
    const old = mkdtempSync(join(tmpdir(), 'baocao-doctor-old-'));
    try {
      for (const f of ['setup.json', 'token-secret']) cpSync(join(dataDir, f), join(old, f));
      const { cloudRootUrl: _dropped, ...before } = JSON.parse(
        readFileSync(join(dataDir, 'endpoints.json'), 'utf8'),
      );
      writeFileSync(join(old, 'endpoints.json'), JSON.stringify(before));
      const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
      await expect(main(['doctor', '--local', old], {}, quiet)).rejects.toThrow(
        /được tạo trước khi có baocao doctor: hãy chạy lại npm start/,
      );
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });
});
