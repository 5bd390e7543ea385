// A lone response's Sheets requests, and submit → row / submit → receipt latency over spaced submissions.
import type { LocalMode } from '../local/localmode.ts';
import type { LogWatch } from './observe.ts';
import { sleep, until } from './stats.ts';
import { emailOf, linksOf, submitAsPerson } from './units.ts';

export interface Lone {
  reads: number;
  writes: number;
  /** Bytes of JSON the reads answered. */
  readBytes: number;
  outcome: string;
}

export interface Latency {
  spacingMs: number;
  toRowMs: number[];
  toReceiptMs: number[];
  failures: number;
}

/** The instant the form recorded a response (its lastSubmittedTime), on this machine's clock. */
export function submittedAt(local: LocalMode, responseId: string): number {
  const response = local.standIns.forms
    .responses(local.state.formId)
    .find((r) => r.responseId === responseId);
  const at = Date.parse(response?.lastSubmittedTime ?? '');
  return at - local.endpoints.clock.offsetMs;
}

/** When the unit's newest mail reached the inbox, on this machine's clock. */
function receivedAt(local: LocalMode, unitId: string): number | undefined {
  const mail = local.standIns.mail.messages().find((m) => m.envelope.to.includes(emailOf(unitId)));
  return mail ? Date.parse(mail.receivedAt) - local.endpoints.clock.offsetMs : undefined;
}

async function quiet(local: LocalMode): Promise<void> {
  await Promise.race([local.standIns.forms.flushDeliveries(), sleep(30_000)]);
}

/** One response with nothing else going on: every Sheets request it costs, until its mail is marked. */
export async function loneResponse(
  local: LocalMode,
  watch: LogWatch,
  unitId: string,
  timeoutMs = 20_000,
): Promise<Lone> {
  const faults = local.standIns.sheets.faults;
  await quiet(local);
  faults.resetStats();
  const link = linksOf(local).get(unitId) ?? '';
  const { responseId } = await submitAsPerson(local.campaign, link, 7);
  const entry = await until(
    'the lone response marked mailed',
    () => (watch.entries.get(responseId)?.mailMarkedAt ? watch.entries.get(responseId) : undefined),
    timeoutMs,
  );
  await quiet(local);
  // Anything a late retry or a second run would add shows up here.
  await sleep(500);
  return {
    reads: faults.stats.reads,
    writes: faults.stats.writes,
    readBytes: faults.stats.readBytes,
    outcome: entry.outcome,
  };
}

/**
 * Submissions spaced by more than the gate's refill: each finds a token, so what is measured is the
 * path itself (push, read, list, decide, write, mail), not waiting in the gate.
 */
export async function latency(
  local: LocalMode,
  watch: LogWatch,
  unitIds: readonly string[],
  spacingMs: number,
): Promise<Latency> {
  const links = linksOf(local);
  const result: Latency = { spacingMs, toRowMs: [], toReceiptMs: [], failures: 0 };
  const start = performance.now();
  for (const [i, unitId] of unitIds.entries()) {
    await sleep(start + i * spacingMs - performance.now());
    try {
      const { responseId } = await submitAsPerson(local.campaign, links.get(unitId) ?? '', i + 1);
      const entry = await until(
        'the receipt mark',
        () => {
          const e = watch.entries.get(responseId);
          return e?.mailMarkedAt ? e : undefined;
        },
        15_000,
      );
      const submitted = submittedAt(local, responseId);
      const received = await until('the receipt', () => receivedAt(local, unitId), 5_000);
      result.toRowMs.push(entry.rowAt - submitted);
      result.toReceiptMs.push(received - submitted);
    } catch {
      result.failures++;
    }
  }
  return result;
}
