// Lists the form's responses once per run and hands each pass its slice of new versions, decided.

import type { forms_v1 } from '@googleapis/forms';
import type { Campaign } from '../../forms/campaign.ts';
import { MalformedResponseError, type ResponseReading, rawFromResponse } from '../core/answers.ts';
import { type Decision, decide, type ResponseVersion, versionKey } from '../core/outcome.ts';
import type { UnitReport } from '../core/parse.ts';
import { callGoogle } from '../platform/call-google.ts';
import type { Logger } from '../platform/log.ts';
import { countedReportOf, type SheetState } from '../sheet/state.ts';
import type { SyncDeps, SyncReport } from './sync-deps.ts';

/**
 * Google's page size for one list call. Each page is handed on and can be freed before the next
 * arrives: 5000 responses at once held Google's whole answer objects for a moment, most of a
 * small instance's memory (issue 17), where 1000 cost four more Forms reads in such a burst.
 */
const LIST_PAGE_SIZE = 1000;

/** Every response since `since` (all when undefined), page by page. */
export async function listResponses(
  deps: SyncDeps,
  since: string | undefined,
  onPage: (responses: readonly forms_v1.Schema$FormResponse[]) => void,
): Promise<void> {
  let pageToken: string | undefined;
  do {
    const page = await callGoogle(
      'forms.responses.list',
      () =>
        deps.clients.forms.forms.responses.list({
          formId: deps.formId,
          pageSize: LIST_PAGE_SIZE,
          ...(since ? { filter: `timestamp >= ${since}` } : {}),
          ...(pageToken ? { pageToken } : {}),
        }),
      deps.backoff,
      { idempotent: true },
    );
    onPage(page.data.responses ?? []);
    pageToken = page.data.nextPageToken ?? undefined;
  } while (pageToken);
}

/** Versions written per pass: bounds memory (a page can hold 5000 responses) and request size. */
export const PASS_SIZE = 500;

/** What the first pass listed and later passes work through, oldest first. */
export interface Backlog {
  listed: boolean;
  /** Read into raw answers at once: far smaller than Google's answer objects, which can go. */
  fresh: { reading: ResponseReading; version: ResponseVersion }[];
  newest: string;
}

/**
 * Lists responses since the checkpoint (once per run) and decides the oldest PASS_SIZE
 * versions not yet logged. The checkpoint only advances past what this pass writes, so a
 * run that stops early leaves the rest to be listed again.
 */
export async function decideSlice(
  deps: SyncDeps,
  campaign: Campaign,
  state: SheetState,
  since: string | undefined,
  checkpoint: string,
  report: SyncReport,
  log: Logger,
  backlog: Backlog,
): Promise<{ decisions: Decision[]; checkpoint: string; more: boolean; taken: number }> {
  if (!backlog.listed) {
    backlog.listed = true;
    backlog.newest = checkpoint;
    await listResponses(deps, since, (responses) => {
      report.listed += responses.length;
      for (const response of responses) {
        const lastSubmittedTime = response.lastSubmittedTime ?? response.createTime ?? '';
        if (!response.responseId || !lastSubmittedTime) {
          report.malformed++;
          continue;
        }
        if (!backlog.newest || Date.parse(lastSubmittedTime) > Date.parse(backlog.newest)) {
          backlog.newest = lastSubmittedTime;
        }
        const version = {
          responseId: response.responseId,
          lastSubmittedTime,
          respondentEmail: response.respondentEmail ?? undefined,
        };
        if (state.log.keys.has(versionKey(version))) continue;
        try {
          backlog.fresh.push({ reading: rawFromResponse(campaign, response), version });
        } catch (error) {
          if (!(error instanceof MalformedResponseError)) throw error;
          report.malformed++;
          log.log('WARNING', 'malformed response skipped', { responseId: response.responseId });
        }
      }
    });
    backlog.fresh.sort(
      (a, b) => Date.parse(a.version.lastSubmittedTime) - Date.parse(b.version.lastSubmittedTime),
    );
  }
  // Taken out of the backlog once written (the caller splices `taken`), so what a pass has
  // written can be freed before the next, and a write refused as stale plans them again.
  const taken = Math.min(backlog.fresh.length, deps.passSize ?? PASS_SIZE);
  const slice = backlog.fresh
    .slice(0, taken)
    .filter(({ version }) => !state.log.keys.has(versionKey(version)));
  const more = backlog.fresh.length > taken;
  const decisions: Decision[] = [];
  // Each version is compared with what was counted just before it: the sheet's row, then the
  // unit's earlier versions in this slice.
  const counted = new Map<string, UnitReport | null>();
  const previousOf = (unitId: string) =>
    counted.has(unitId) ? (counted.get(unitId) ?? null) : countedReportOf(state, unitId);
  for (const { reading, version } of slice) {
    const decision = decide(campaign, deps.secret, version, reading, previousOf);
    if (decision.outcome.kind === 'accepted') {
      counted.set(decision.outcome.unit.id, decision.outcome.checked.report);
    }
    decisions.push(decision);
  }
  // With more to come, the checkpoint goes only as far as this pass takes (its last version,
  // logged already or not), so a run that stops early lists the rest again; and never behind
  // the checkpoint just read: the run that wrote it logged everything before it, and a warm
  // instance's log window starts from it (behind it, a version could be logged twice).
  const reached = more ? backlog.fresh[taken - 1]?.version.lastSubmittedTime : backlog.newest;
  const next =
    checkpoint && (!reached || Date.parse(checkpoint) > Date.parse(reached)) ? checkpoint : reached;
  return { decisions, checkpoint: next ?? '', more, taken };
}
