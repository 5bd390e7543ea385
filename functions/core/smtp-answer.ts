// What a mail server's refusal means for the mail: a sending limit (wait, keep it owed), a bad recipient, or a passing fault.

/**
 * - `daily-limit`: the sending account spent its day's quota (Gmail/Workspace 550 5.4.5 "Daily
 *   user sending limit exceeded", the SMTP relay's "Daily SMTP relay limit exceeded"): nothing
 *   goes until the quota frees up, hours later; the mail stays owed.
 * - `rate-limit`: the account or its IP is sending too fast (421 4.7.0 "Try again later,
 *   closing connection", 450 4.2.1 "Peak SMTP relay limit exceeded", 454 4.7.0 "Too many login
 *   attempts"): the mail stays owed and the run stops sending, so it does not make it worse.
 * - `rejected`: the server will never take this mail (a 5xx that is no limit: unknown mailbox,
 *   policy); recorded, not retried.
 * - `transient`: any other 4xx, or no answer at all (a connection problem): retried next run.
 */
export type SmtpFailureKind = 'daily-limit' | 'rate-limit' | 'rejected' | 'transient';

export interface SmtpAnswer {
  /** The reply code (550), when the server answered. */
  code?: number | undefined;
  /** The server's reply text, enhanced status code included ("550 5.4.5 Daily user …"). */
  text?: string | undefined;
}

/**
 * Gmail appends a URL and "gsmtp" to these texts and words them differently over the years
 * ("sending limit", "sending quota"); the enhanced code 5.4.5 is only used for such limits.
 */
const DAILY_LIMIT = [
  /\b[45]\.4\.5\b/,
  /daily (?:user )?sending (?:limit|quota) exceeded/i,
  /daily smtp relay limit exceeded/i,
  /reached a (?:gmail )?(?:limit for sending|sending limit)/i,
  /DailyLimitExceeded/,
];

const RATE_LIMIT = [
  /try again later,? closing connection/i,
  /peak smtp relay limit exceeded/i,
  /too many login attempts/i,
  /unusual rate/i,
  /receiving mail (?:too quickly|at a rate)/i,
  /\b4\.7\.28\b/,
];

export function classifySmtpFailure(answer: SmtpAnswer): SmtpFailureKind {
  const text = answer.text ?? '';
  if (DAILY_LIMIT.some((re) => re.test(text))) return 'daily-limit';
  if (answer.code !== undefined && answer.code >= 400 && RATE_LIMIT.some((re) => re.test(text)))
    return 'rate-limit';
  if (answer.code !== undefined && answer.code >= 500) return 'rejected';
  return 'transient';
}
