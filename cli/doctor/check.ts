// What one doctor check returns and what it may use: a line of the table and the one sentence that fixes it.
import type { drive_v3 } from '@googleapis/drive';
import type { Campaign } from '../../forms/campaign.ts';
import type { CallPolicy } from '../../functions/platform/call-google.ts';
import type { SmtpConfig } from '../../functions/platform/config.ts';
import type { GoogleClients } from '../../functions/platform/google.ts';
import type { WatchInspector } from '../watch-owner.ts';
import { type CloudApi, statusOf } from './cloud.ts';
import type { DoctorTarget } from './target.ts';

export interface CheckResult {
  ok: boolean;
  /** What was checked and what was found, in Vietnamese. */
  what: string;
  /** One sentence saying what to do; empty when ok. */
  fix: string;
}

export interface DoctorDeps {
  target: DoctorTarget;
  campaign: Campaign;
  formId: string;
  spreadsheetId: string;
  cloud: CloudApi;
  /** The coordinator's clients: the form, the sheet and their shares. */
  google: GoogleClients;
  /** The form's watch as the functions' account (its creator and renewer) sees it. */
  ownerWatch: WatchInspector;
  drive: drive_v3.Drive;
  fetch: typeof fetch;
  verifySmtp(config: SmtpConfig): Promise<void>;
  /** The command's environment: SMTP settings not read from the deployed function come from here. */
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  calls: CallPolicy;
  /** The command that renews or recreates the watch where doctor runs (Google or local mode). */
  renewCommand: string;
}

export type Check = (d: DoctorDeps) => Promise<CheckResult | CheckResult[]>;

export const pass = (what: string): CheckResult => ({ ok: true, what, fix: '' });
export const fail = (what: string, fix: string): CheckResult => ({ ok: false, what, fix });

/** A check that could not reach what it checks is red too, with what to do about the access. */
export function unreachable(what: string, error: unknown, project: string): CheckResult {
  const status = statusOf(error);
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const fix =
    status === 401
      ? 'Đăng nhập lại (baocao login) rồi chạy lại baocao doctor.'
      : status === 403
        ? `Đăng nhập bằng tài khoản có quyền xem dự án ${project} (ít nhất vai trò Viewer) và kiểm tra API tương ứng đã bật, rồi chạy lại baocao doctor.`
        : status === 404
          ? 'Kiểm tra mã biểu mẫu và bảng tính trong tệp trạng thái của baocao setup (chạy lại "baocao setup" nếu cần).'
          : 'Kiểm tra kết nối mạng rồi chạy lại baocao doctor.';
  return fail(`${what}: không kiểm tra được (${status || 'lỗi'}: ${detail})`, fix);
}
