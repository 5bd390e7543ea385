// What a sync run needs and what it reports: shared by the reconcile loop and its mail half.
import type { Campaign } from '../../forms/campaign.ts';
import type { Decision } from '../core/outcome.ts';
import type { CallPolicy } from '../platform/call-google.ts';
import type { GoogleClients } from '../platform/google.ts';
import type { Logger } from '../platform/log.ts';
import type { Mailer } from '../platform/mailer.ts';
import type { LogWindow } from '../sheet/log-window.ts';
import type { SkippedRow } from '../sheet/state.ts';

export interface SyncDeps {
  clients: GoogleClients;
  campaign: Campaign;
  spreadsheetId: string;
  formId: string;
  secret: string;
  overlapSeconds: number;
  mailer: Mailer;
  now: () => Date;
  log: Logger;
  backoff: CallPolicy;
  /** The master sheet's address, for a digest a sync run sends (a reminder slot resumed). */
  sheetUrl?: string | undefined;
  /** The instance's view of the log between runs: reads skip rows no sync can need again. */
  logWindow?: LogWindow;
  /** Versions written per pass (PASS_SIZE unless a test wants small passes). */
  passSize?: number;
  /** A full garbage collection, run between passes (platform/gc.ts), when the runtime allows one. */
  collectGarbage?: () => void;
  /** Told of registry rows the read skipped, on every pass (the callee throttles). */
  registryAlerts?: (
    skipped: readonly SkippedRow[],
    unmailable: readonly SkippedRow[],
    unparented?: readonly SkippedRow[],
  ) => Promise<void>;
}

export interface SyncReport {
  batchId: string;
  listed: number;
  decided: Record<Decision['outcome']['kind'], number>;
  malformed: number;
  mails: { sent: number; failed: number; none: number };
  sheets: { reads: number; writes: number };
  /** A sweep that stood aside because the event path wrote recently. */
  skipped: boolean;
  /** A deployment's run over several campaigns: each one's own report (the fields above sum them). */
  campaigns?: Record<string, SyncReport>;
}
