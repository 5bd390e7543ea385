// `baocao setup`: creates or updates the campaign's Google Form, master sheet and watch; safe to re-run.

import type { drive_v3 } from '@googleapis/drive';
import type { forms_v1 } from '@googleapis/forms';
import type { sheets_v4 } from '@googleapis/sheets';
import type { Campaign } from '../forms/campaign.ts';
import { PermanentError } from '../forms/errors.ts';
import {
  buildFormRequests,
  confirmationMessage,
  entryIdOf,
  formIds,
  personalLink,
} from '../forms/form-builder.ts';
import { planFormUpdate } from '../forms/form-update.ts';
import { formatDateTime } from '../forms/format.ts';
import { unitToken } from '../functions/core/token.ts';
import { type CallPolicy, callGoogle } from '../functions/platform/call-google.ts';
import type { SetupConfig } from '../functions/platform/config.ts';
import { HEALTHY_MS } from '../functions/platform/forms-watch.ts';
import type { GoogleClients } from '../functions/platform/google.ts';
import { sheetLayout } from '../functions/sheet/layout.ts';
import { spreadsheetBody } from './sheet/content.ts';
import { formatRequests } from './sheet/format.ts';
import type { UnitLine } from './sheet/progress-tab.ts';
import { existingFrom, existingRanges, planSheetRepair } from './sheet/repair.ts';
import { TREE_TAB, type TreeTabGrid, treeTabRequests } from './sheet/tree-tab.ts';
import type { SetupState } from './state.ts';
import { ownerAnswerSchema, type WatchOwner } from './watch-owner.ts';

export class PrefillCheckError extends PermanentError {
  constructor(link: string, missing: string[]) {
    super(
      `Trang biểu mẫu không chứa các ô điền sẵn entry.${missing.join(', entry.')} (${link}). Đường link riêng sẽ không điền sẵn đơn vị và mã xác minh, nên chưa gửi link cho các đơn vị.`,
    );
  }
}

export class SetupError extends PermanentError {
  constructor(message: string) {
    super(message);
  }
}

export interface SetupResult {
  state: SetupState;
  /** What was done, in Vietnamese, for the coordinator. */
  done: string[];
  links: { unitId: string; name: string; link: string }[];
  /** The Forms API cannot set it: the coordinator pastes it in the form's settings once. */
  confirmationMessage: string;
  /** Google API requests sent, reads and writes. */
  requests: { reads: number; writes: number };
  /** Whether the functions' account holds a healthy RESPONSES watch (not yet, before its deploy). */
  watch: 'verified' | 'pending';
}

export interface SetupDeps {
  clients: GoogleClients & { drive: drive_v3.Drive };
  config: SetupConfig;
  fetch: typeof fetch;
  now: () => Date;
  /** Every Google request goes through the one caller: quota retries logged, a time budget. */
  calls: CallPolicy;
  progress?: (message: string) => void;
  /**
   * The functions' account, asked to create or renew the watch (the deployed renew-watch, or
   * local mode's equivalent). Absent before the functions are deployed: setup then says the
   * watch comes with the next run.
   */
  watchOwner?: WatchOwner;
}

/** The watch is not what setup must leave behind; says what the functions' account saw. */
export class WatchNotReadyError extends PermanentError {}

export function unitLines(campaign: Campaign, responderUri: string, secret: string): UnitLine[] {
  return campaign.units.map((unit) => ({
    unit,
    link: personalLink(responderUri, campaign, unit, unitToken(secret, campaign.id, unit.id)),
  }));
}

export async function setup(
  campaign: Campaign,
  previous: SetupState | undefined,
  deps: SetupDeps,
): Promise<SetupResult> {
  const { clients, config } = deps;
  const say = deps.progress ?? (() => {});
  const call = <T>(what: string, fn: () => Promise<T>) => callGoogle(what, fn, deps.calls);
  // Reads change nothing, so a 5xx on one is retried in process like a 429.
  const read = <T>(what: string, fn: () => Promise<T>) =>
    callGoogle(what, fn, deps.calls, { idempotent: true });
  const done: string[] = [];
  const count = { reads: 0, writes: 0 };

  say('Biểu mẫu…');
  let formId = previous?.formId;
  let form: forms_v1.Schema$Form;
  if (!formId) {
    const created = await call('forms.create', () =>
      clients.forms.forms.create({
        requestBody: {
          info: { title: campaign.title, documentTitle: `Báo cáo – ${campaign.title}` },
        },
      }),
    );
    count.writes++;
    formId = created.data.formId ?? '';
    const { info, requests } = buildFormRequests(campaign);
    const built = await call('forms.batchUpdate', () =>
      clients.forms.forms.batchUpdate({
        formId,
        requestBody: { requests: [info, ...requests], includeFormInResponse: true },
      }),
    );
    count.writes++;
    form = built.data.form ?? created.data;
    done.push(`Đã tạo biểu mẫu với ${requests.length} mục.`);
  } else {
    form = (await read('forms.get', () => clients.forms.forms.get({ formId }))).data;
    count.reads++;
    const requests = planFormUpdate(campaign, form.items ?? []);
    if (requests.length > 0) {
      await call('forms.batchUpdate', () =>
        clients.forms.forms.batchUpdate({ formId, requestBody: { requests } }),
      );
      count.writes++;
      done.push(`Đã cập nhật biểu mẫu (${requests.length} thay đổi).`);
    } else done.push('Biểu mẫu đã đầy đủ, không cần sửa.');
  }
  // Forms made through the API may start unpublished.
  const state = form.publishSettings?.publishState;
  if (!state?.isPublished || !state.isAcceptingResponses) {
    await call('forms.setPublishSettings', () =>
      clients.forms.forms.setPublishSettings({
        formId,
        requestBody: {
          publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
        },
      }),
    );
    count.writes++;
  }
  const responderUri = form.responderUri;
  if (!responderUri) throw new SetupError(`Google không trả về đường link của biểu mẫu ${formId}.`);
  // "Publish and manage responders": anyone with the link may respond.
  await call('drive.permissions.create', () =>
    clients.drive.permissions.create({
      fileId: formId,
      requestBody: { type: 'anyone', role: 'reader', view: 'published' },
    }),
  );
  count.writes++;
  if (config.FUNCTIONS_SERVICE_ACCOUNT) {
    await call('drive.permissions.create', () =>
      clients.drive.permissions.create({
        fileId: formId,
        sendNotificationEmail: false,
        requestBody: {
          type: 'user',
          role: 'writer',
          emailAddress: config.FUNCTIONS_SERVICE_ACCOUNT,
        },
      }),
    );
    count.writes++;
  }
  done.push('Biểu mẫu đã xuất bản, đang nhận câu trả lời, ai có đường link đều mở được.');

  const lines = unitLines(campaign, responderUri, config.BAOCAO_TOKEN_SECRET);
  say('Kiểm tra đường link điền sẵn…');
  await verifyPrefill(deps.fetch, campaign, lines);
  done.push('Đã kiểm tra: đường link riêng điền sẵn đơn vị và mã xác minh.');

  say('Bảng tổng hợp…');
  const layout = sheetLayout(campaign);
  let spreadsheetId = previous?.spreadsheetId;
  let spreadsheetUrl = previous?.spreadsheetUrl ?? '';
  if (!spreadsheetId) {
    const created = await call('sheets.spreadsheets.create', () =>
      clients.sheets.spreadsheets.create({
        requestBody: spreadsheetBody(campaign, layout, {
          title: `Tổng hợp – ${campaign.title}`,
          formId,
          lines,
        }),
      }),
    );
    count.writes++;
    spreadsheetId = created.data.spreadsheetId ?? '';
    spreadsheetUrl = created.data.spreadsheetUrl ?? '';
    await call('sheets.spreadsheets.batchUpdate', () =>
      clients.sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            ...formatRequests(campaign, layout),
            ...treeTabRequests(campaign, layout, undefined),
          ],
        },
      }),
    );
    count.writes++;
    done.push(`Đã tạo bảng tổng hợp với ${lines.length} đơn vị.`);
    if (config.FUNCTIONS_SERVICE_ACCOUNT) {
      await call('drive.permissions.create', () =>
        clients.drive.permissions.create({
          fileId: spreadsheetId,
          sendNotificationEmail: false,
          requestBody: {
            type: 'user',
            role: 'writer',
            emailAddress: config.FUNCTIONS_SERVICE_ACCOUNT,
          },
        }),
      );
      count.writes++;
    }
  } else {
    const book = await read('sheets.spreadsheets.get', () =>
      clients.sheets.spreadsheets.get({
        spreadsheetId,
        ranges: existingRanges(layout),
        includeGridData: true,
        fields:
          'sheets(properties(sheetId,title,gridProperties),data(startRow,startColumn,rowData(values(userEnteredValue))))',
      }),
    );
    count.reads++;
    const plan = planSheetRepair(campaign, layout, existingFrom(layout, book.data), lines, formId);
    await call('sheets.spreadsheets.batchUpdate', () =>
      clients.sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            ...plan.requests,
            ...treeTabRequests(campaign, layout, treeTabGrid(book.data)),
          ],
        },
      }),
    );
    count.writes++;
    done.push(...plan.migrated);
    done.push(...plan.leftAlone);
    done.push(
      plan.addedUnits.length > 0
        ? `Đã thêm ${plan.addedUnits.length} đơn vị mới vào bảng tổng hợp; tiêu đề và công thức đã được làm mới.`
        : 'Bảng tổng hợp: tiêu đề và công thức đã được làm mới; số liệu giữ nguyên.',
    );
  }

  say('Theo dõi câu trả lời (watch)…');
  const watch = deps.watchOwner
    ? await ownWatch(deps.watchOwner, formId, campaign, deps.now())
    : undefined;
  done.push(
    watch
      ? `Tài khoản của các hàm đã đăng ký nhận thông báo khi có câu trả lời (đang hoạt động, hết hạn ${formatDateTime(new Date(watch.expireTime), campaign.timezone)}; các hàm tự gia hạn hằng ngày).`
      : 'Chưa đăng ký nhận thông báo câu trả lời: việc này do tài khoản của các hàm làm, sau khi các hàm được triển khai («pulumi up» lần hai). Khi đó hãy chạy lại «baocao setup».',
  );

  return {
    state: {
      campaign: campaign.id,
      formId,
      responderUri,
      spreadsheetId,
      spreadsheetUrl,
      ...(watch?.watchId ? { watchId: watch.watchId } : {}),
      updatedAt: deps.now().toISOString(),
    },
    done,
    links: lines.map((l) => ({ unitId: l.unit.id, name: l.unit.name, link: l.link })),
    confirmationMessage: confirmationMessage(campaign),
    requests: count,
    watch: watch ? 'verified' : 'pending',
  };
}

/**
 * Setup's last step: the functions' account creates (or renews) the watch, and what it then
 * holds must be a RESPONSES watch, ACTIVE, expiring more than six days from now.
 */
/** The "Theo cấp trên" tab's grid as setup read it, if the sheet has one. */
function treeTabGrid(book: sheets_v4.Schema$Spreadsheet): TreeTabGrid | undefined {
  const grid = book.sheets?.find((s) => s.properties?.sheetId === TREE_TAB.sheetId)?.properties
    ?.gridProperties;
  return grid ? { rowCount: grid.rowCount ?? 0, columnCount: grid.columnCount ?? 0 } : undefined;
}

async function ownWatch(
  owner: WatchOwner,
  formId: string,
  campaign: Campaign,
  now: Date,
): Promise<{ watchId: string | undefined; expireTime: string }> {
  const parsed = ownerAnswerSchema.safeParse(await owner(formId));
  if (!parsed.success) {
    throw new WatchNotReadyError(
      'Hàm gia hạn trả lời không đúng dạng: hãy kiểm tra lại địa chỉ hàm (RENEW_WATCH_URL).',
    );
  }
  const { ok, reason, check } = parsed.data;
  const expires = Date.parse(check?.expireTime ?? '');
  if (!ok || check?.state !== 'ACTIVE' || !(expires - now.getTime() > HEALTHY_MS)) {
    const seen = check?.state
      ? `trạng thái ${check.state}${Number.isNaN(expires) ? '' : `, hết hạn ${formatDateTime(new Date(expires), campaign.timezone)}`}`
      : 'không có đăng ký nào';
    throw new WatchNotReadyError(
      `Đăng ký nhận thông báo câu trả lời chưa sẵn sàng (${seen}${reason ? `; ${reason}` : ''}). Người tổng hợp đã được gửi thư; xin báo người quản trị hệ thống kiểm tra quyền phát hành của forms-notifications@system.gserviceaccount.com trên chủ đề, rồi chạy lại «baocao setup».`,
    );
  }
  return { watchId: check.watchId, expireTime: check.expireTime ?? '' };
}

/**
 * Google documents no rule for prefill parameters; public code uses entry.<decimal of the hex
 * question id>. Before units get their links, fetch one and check the page carries those ids.
 */
async function verifyPrefill(
  fetcher: typeof fetch,
  campaign: Campaign,
  lines: readonly UnitLine[],
): Promise<void> {
  const sample = lines[0];
  if (!sample) return;
  const response = await fetcher(sample.link);
  const html = await response.text();
  const wanted = ['unit', 'token'].map((k) => entryIdOf(formIds(campaign.id, k).questionId));
  const missing = wanted.filter((id) => !html.includes(id));
  if (!response.ok || missing.length > 0)
    throw new PrefillCheckError(sample.link, response.ok ? missing : wanted);
}
