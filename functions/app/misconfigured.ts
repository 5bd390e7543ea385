// What a deployed function runs when its settings are missing or wrong: every invocation fails, logs ERROR and tells the coordinator.
import { loadCampaignDefinition } from '../../campaigns/index.ts';
import { PermanentError, RetryableError } from '../../forms/errors.ts';
import { type ConfigError, loadSmtpConfig } from '../platform/config.ts';
import type { Logger } from '../platform/log.ts';
import { smtpMailer } from '../platform/smtp.ts';
import { failureAlerts } from './alerts.ts';
import type { Runtime } from './runtime.ts';

/** Carries the coordinator's Vietnamese advice (read by the failure alert) and the settings at fault. */
export class MisconfiguredError extends PermanentError {
  readonly advice: string;
  constructor(
    readonly problems: readonly string[],
    options: { cause: ConfigError },
  ) {
    super(`the function's settings are missing or wrong: ${problems.join('; ')}`, options);
    this.advice = `Cấu hình triển khai của hàm thiếu hoặc sai (${problems
      .map((p) => p.split(':')[0])
      .join(
        ', ',
      )}), nên hàm không chạy được. Xin báo người quản trị hệ thống chạy lại «pulumi up» theo infra/DEPLOY.md; báo cáo nộp trong lúc này sẽ được đồng bộ ngay khi hàm chạy lại.`;
  }
}

/**
 * A notification is not acknowledged while the settings are wrong: Pub/Sub redelivers it (for
 * up to a day) and the run after the fix takes it, instead of it being dropped until a sweep.
 */
class MisconfiguredEventError extends RetryableError {}

const JOBS: Record<string, string> = {
  sync: 'Đồng bộ câu trả lời vào bảng tổng hợp',
  remind: 'Gửi nhắc nhở',
  renew: 'Gia hạn theo dõi biểu mẫu',
};

/**
 * Every method throws; before that each logs ERROR (names of the settings, never values) and,
 * when the campaign and the mail settings themselves are readable, mails the coordinator at
 * most once an hour. With the mail settings at fault only the log can tell.
 */
export function misconfiguredRuntime(
  env: Readonly<Record<string, string | undefined>>,
  cause: ConfigError,
  log: Logger,
  now: () => Date = () => new Date(),
): Runtime {
  const error = new MisconfiguredError(cause.problems, { cause });
  let alerts: ReturnType<typeof failureAlerts> | undefined;
  let close = () => {};
  try {
    const mailer = smtpMailer(loadSmtpConfig(env));
    close = () => mailer.close();
    alerts = failureAlerts({
      campaign: loadCampaignDefinition(env.BAOCAO_CAMPAIGN ?? ''),
      mailer,
      now,
      log,
    });
  } catch {
    log.log('ERROR', 'misconfigured function cannot mail the coordinator either', {
      problems: cause.problems,
    });
  }
  const fail = async (job: string): Promise<never> => {
    log.log('ERROR', 'function misconfigured; invocation refused', { problems: cause.problems });
    // guard mails the coordinator (at most hourly) and rethrows.
    if (alerts) await alerts.guard(job, () => Promise.reject(error));
    throw error;
  };
  return {
    onFormsEvent: () =>
      fail(JOBS.sync ?? '').catch((e: unknown) => {
        throw new MisconfiguredEventError(error.message, { cause: e });
      }),
    sync: () => fail(JOBS.sync ?? ''),
    remind: () => fail(JOBS.remind ?? ''),
    digest: () => fail(JOBS.remind ?? ''),
    renewWatch: () => fail(JOBS.renew ?? ''),
    inspectWatch: () => fail(JOBS.renew ?? ''),
    close,
  };
}
