// `baocao doctor`: every check in order, printed as a table with the fix under each red line.
import { auth } from '@googleapis/drive';
import type { Campaign } from '../../forms/campaign.ts';
import { loadGoogleConfig } from '../../functions/platform/config.ts';
import { type Credentials, clientOptions, googleClients } from '../../functions/platform/google.ts';
import { verifySmtp } from '../../functions/platform/smtp.ts';
import { cliCallPolicy } from '../call-policy.ts';
import { driveClient } from '../drive.ts';
import type { SetupState } from '../state.ts';
import {
  deployedWatchInspector,
  LOCAL_FUNCTIONS_TOKEN,
  localWatchInspector,
  type WatchInspector,
  WatchOwnerError,
} from '../watch-owner.ts';
import type { Check, CheckResult, DoctorDeps } from './check.ts';
import {
  apisEnabled,
  functionsDeployed,
  secretsHaveValues,
  smtpSignsIn,
  topicPublisher,
} from './checks-cloud.ts';
import { formAnswers, functionsCanEdit, sheetReadable, watchAlive } from './checks-google.ts';
import { type CloudApi, cloudApi } from './cloud.ts';
import { DoctorConfigError, type DoctorTarget, doctorTarget } from './target.ts';

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/** In the order an operator fixes things: what Pulumi makes, then what setup makes, then mail. */
const CHECKS: Check[] = [
  apisEnabled,
  functionsDeployed,
  secretsHaveValues,
  topicPublisher,
  watchAlive,
  formAnswers,
  functionsCanEdit,
  sheetReadable,
  smtpSignsIn,
];

export async function runChecks(deps: DoctorDeps): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of CHECKS) results.push(...[await check(deps)].flat());
  return results;
}

/** The table: a mark and what was found, the one-sentence fix under every red line. */
export function formatTable(results: readonly CheckResult[]): string {
  const failed = results.filter((r) => !r.ok).length;
  const lines = ['Kết quả  Kiểm tra', '-------  --------'];
  for (const r of results) {
    lines.push(`${r.ok ? '  ✓ đạt' : '  ✗ lỗi'}  ${r.what}`);
    if (!r.ok) lines.push(`         → Cách sửa: ${r.fix}`);
  }
  lines.push(
    '',
    failed === 0
      ? `Tất cả ${results.length} mục đều đạt.`
      : `${failed}/${results.length} mục chưa đạt: sửa theo hướng dẫn ở từng dòng rồi chạy lại baocao doctor.`,
    '',
  );
  return lines.join('\n');
}

/**
 * On Google, the deployed renew-watch answers for the functions' account ({"trigger":"check"}),
 * called with the operator's Application Default Credentials, as the Cloud checks are; its
 * address is RENEW_WATCH_URL when set, else the one Cloud Functions reports.
 */
export function deployedOwnerWatch(
  url: string | undefined,
  target: DoctorTarget,
  cloud: CloudApi,
  call: Parameters<typeof deployedWatchInspector>[1] = {},
): WatchInspector {
  return async (formId) => {
    const name = `${target.prefix}-renew-watch`;
    const address = url ?? (await cloud.getFunction(target.project, target.region, name))?.url;
    if (!address) {
      throw new WatchOwnerError(
        `Chưa có hàm ${name} để hỏi tình trạng đăng ký: triển khai các hàm bằng lần «pulumi up» thứ hai rồi chạy lại baocao doctor.`,
      );
    }
    return deployedWatchInspector(address, call)(formId);
  };
}

/** The real clients: Google's APIs with the coordinator's sign-in, or local mode's stand-ins. */
export function doctorDeps(options: {
  env: Readonly<Record<string, string | undefined>>;
  campaign: Campaign;
  state: SetupState;
  now: () => Date;
  say: (line: string) => void;
  localDir: string | undefined;
  /** The coordinator's sign-in (`baocao login`); undefined: local mode's fixed token. */
  credentials: Credentials | undefined;
}): DoctorDeps {
  const { env, localDir } = options;
  const target = doctorTarget(env);
  // A folder from before doctor has no Cloud stand-in: never send its fixed token to Google.
  if (localDir && !target.cloudRoot) {
    throw new DoctorConfigError(
      `${localDir} được tạo trước khi có baocao doctor: hãy chạy lại npm start (thêm --fresh nếu cần) rồi chạy lại lệnh.`,
    );
  }
  const config = loadGoogleConfig(env);
  // The deployment is the operator's: its checks go with Application Default Credentials (what
  // Pulumi uses), while the form, the sheet and their shares are read with the coordinator's
  // sign-in. Local mode's stand-ins take the one fixed token.
  const cloudAuth = config.GOOGLE_ACCESS_TOKEN
    ? clientOptions(config).common.auth
    : new auth.GoogleAuth({ scopes: [CLOUD_PLATFORM] });
  const cloud = cloudApi(cloudAuth, target.cloudRoot);
  return {
    target,
    campaign: options.campaign,
    formId: options.state.formId,
    spreadsheetId: options.state.spreadsheetId,
    cloud,
    google: googleClients(config, { credentials: options.credentials }),
    ownerWatch: localDir
      ? localWatchInspector({
          google: loadGoogleConfig({ ...env, GOOGLE_ACCESS_TOKEN: LOCAL_FUNCTIONS_TOKEN }),
          topic: target.watchTopic,
          now: options.now,
        })
      : deployedOwnerWatch(env.RENEW_WATCH_URL, target, cloud),
    drive: driveClient(config, options.credentials),
    fetch,
    verifySmtp,
    env,
    now: options.now,
    calls: cliCallPolicy(options.say),
    renewCommand: localDir
      ? `npm run baocao -- watch renew --local ${localDir}`
      : `gcloud scheduler jobs run ${target.prefix}-renew-watch --location=${target.region}`,
  };
}
