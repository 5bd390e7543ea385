// Plans one sync batch as a single atomic batchUpdate: log rows, units' data and progress, the checkpoint.

import type { Campaign } from '../../forms/campaign.ts';
import { formatDateTime } from '../../forms/format.ts';
import { fitUnits } from '../../forms/text.ts';
import {
  type Decision,
  messagesOf,
  outcomeLabel,
  submittedTimeOf,
  versionKey,
} from '../core/outcome.ts';
import type { Finding } from '../core/parse.ts';
import { HAND_TYPED_AT, STATUS } from '../core/status.ts';
import { MAIL_STATUS, REMOVED_CODE, REMOVED_HEADING } from '../core/wording.ts';
import {
  type CellData,
  cellsAt,
  empty,
  maybeNum,
  maybeText,
  num,
  type Request,
  text,
} from './cells.ts';
import { type UnitCell, UnitWrites } from './landing.ts';
import type { SheetLayout } from './layout.ts';
import { SHEET_ID } from './layout.ts';
import type { SheetState } from './state.ts';

/** First line of "Cảnh báo / lỗi" when the last version was rejected; reminders quote what follows. */
export const LAST_ERRORS_HEADING = 'Lỗi ở lần nộp gần nhất (số liệu trước vẫn giữ):';

/** A cell holds at most 50,000 characters; raw answers are cut well before that. */
const MAX_RAW = 45_000;

/** Every version owes one mail (receipt, rejection or coordinator alert), recorded after sending. */
export interface PlannedLog {
  row: number;
  decision: Decision;
}

export interface BatchPlan {
  requests: Request[];
  logs: PlannedLog[];
  /** Units whose data row now holds a new accepted version. */
  acceptedUnits: string[];
  /** Every cell written in a unit's row, to check after the write that each landed beside it. */
  unitCells: UnitCell[];
}

const time = (iso: string) => Date.parse(iso);
const versionTime = (key: string) => time(submittedTimeOf(key));

export function rawJson(decision: Decision): string {
  const { reading } = decision;
  const json = JSON.stringify({
    unit: reading.unitName,
    contact: reading.raw.contact,
    albumUrl: reading.raw.albumUrl,
    activities: reading.raw.activities,
    answers: reading.raw.answers,
    unknownQuestionIds: reading.unknownQuestionIds,
  });
  return fitUnits(json, MAX_RAW);
}

function logRow(
  campaign: Campaign,
  state: SheetState,
  d: Decision,
  now: Date,
  batchId: string,
): CellData[] {
  const { outcome, version } = d;
  const errors = outcome.kind === 'rejected' ? messagesOf(outcome.checked.errors) : [];
  const warnings = messagesOf(outcome.checked.warnings);
  const values: Record<string, CellData> = {
    loggedAt: text(formatDateTime(now, campaign.timezone)),
    batch: text(batchId),
    responseId: text(version.responseId),
    submittedAt: text(formatDateTime(new Date(version.lastSubmittedTime), campaign.timezone)),
    version: text(versionKey(version)),
    unitId: maybeText(outcome.unit?.id),
    unitTyped: maybeText(d.reading.unitName),
    outcome: text(outcomeLabel(outcome)),
    errors: maybeText(errors.join('\n')),
    warnings: maybeText(warnings.join('\n')),
    respondentEmail: maybeText(version.respondentEmail),
    mail: text(MAIL_STATUS.pending),
    raw: text(rawJson(d)),
  };
  const cells: CellData[] = [];
  for (const [key, at] of Object.entries(state.columns.log)) cells[at] = values[key] ?? empty;
  return Array.from(cells, (c) => c ?? empty);
}

/** The cells the sync owns in a unit's "Số liệu" row, by column (computed columns are skipped). */
function dataCells(
  layout: SheetLayout,
  state: SheetState,
  d: Decision,
  when: string,
): Map<number, CellData> {
  const { outcome } = d;
  const cells = new Map<number, CellData>();
  if (outcome.kind !== 'accepted') return cells;
  const report = outcome.checked.report;
  for (const c of layout.data.columns) {
    const at = state.columns.data[c.key];
    if (at === undefined) continue;
    let cell: CellData | undefined;
    if (c.key === 'version') cell = text(versionKey(d.version));
    else if (c.key === 'submittedAt') cell = text(when);
    else if ('measure' in c) cell = c.measure.perUnit ? maybeNum(report.values[c.key]) : undefined;
    else if ('text' in c) cell = maybeText(report.texts[c.key]);
    else if (c.key === 'album') cell = maybeText(report.albumUrl);
    else if (c.key === 'contact.name') cell = maybeText(report.contact.name);
    else if (c.key === 'contact.position') cell = maybeText(report.contact.position);
    else if (c.key === 'contact.phone') cell = maybeText(report.contact.phone);
    if (cell !== undefined) cells.set(at, cell);
  }
  return cells;
}

/** "Cảnh báo / lỗi" for a counted version: the figures it removed first, under their heading. */
function warningNote(warnings: readonly Finding[]): string {
  const removed = warnings.filter((w) => w.code === REMOVED_CODE).map((w) => w.message);
  const others = warnings.filter((w) => w.code !== REMOVED_CODE).map((w) => w.message);
  return [...(removed.length ? [REMOVED_HEADING, ...removed] : []), ...others].join('\n');
}

/**
 * A report the coordinator typed into "Số liệu" from paper counts like a submission: the unit
 * is "Nhập tay" and counted; if the figures are cleared again, it is back to "Chưa nộp".
 */
function handTypedMarks(
  state: SheetState,
  inBatch: ReadonlyMap<string, unknown>,
  writes: UnitWrites,
): Request[] {
  const p = state.columns.progress;
  return [...state.data.entries()].flatMap(([unitId, data]) => {
    const progress = state.progress.get(unitId);
    if (!progress || inBatch.has(unitId) || data.version) return [];
    if (data.handTyped && progress.acceptedAt === '') {
      return writes.row(
        'progress',
        unitId,
        progress.row,
        new Map([
          [p.status, text(STATUS.handTyped)],
          [p.acceptedAt, text(HAND_TYPED_AT)],
        ]),
      );
    }
    if (!data.handTyped && progress.acceptedAt === HAND_TYPED_AT) {
      return writes.row(
        'progress',
        unitId,
        progress.row,
        new Map([
          [p.status, text(STATUS.notSubmitted)],
          [p.acceptedAt, empty],
        ]),
      );
    }
    return [];
  });
}

/**
 * Every effect of the batch in one request, at positions computed from the read: a retry after
 * an ambiguous failure re-reads, finds its versions logged, and writes nothing twice.
 */
export function planBatch(
  campaign: Campaign,
  layout: SheetLayout,
  state: SheetState,
  decisions: readonly Decision[],
  checkpoint: string | undefined,
  now: Date,
  batchId: string,
): BatchPlan {
  const requests: Request[] = [];
  const logs: PlannedLog[] = [];
  const ordered = [...decisions].sort(
    (a, b) => time(a.version.lastSubmittedTime) - time(b.version.lastSubmittedTime),
  );
  const tz = campaign.timezone;

  const logRows = ordered.map((d, i) => {
    logs.push({ row: state.log.nextRow + i, decision: d });
    return { values: logRow(campaign, state, d, now, batchId) };
  });
  if (logRows.length > 0) {
    // appendDimension first: the log grows past its grid as the campaign goes on.
    requests.push({
      appendDimension: { sheetId: SHEET_ID.log, dimension: 'ROWS', length: logRows.length },
    });
    requests.push({
      updateCells: {
        start: { sheetId: SHEET_ID.log, rowIndex: state.log.nextRow - 1, columnIndex: 0 },
        rows: logRows,
        fields: 'userEnteredValue',
      },
    });
  }

  const acceptedUnits: string[] = [];
  const writes = new UnitWrites(state);
  const p = state.columns.progress;
  const byUnit = new Map<string, Decision[]>();
  for (const d of ordered) {
    const unit = d.outcome.unit;
    // A version whose code does not match is not the unit's: it never touches the unit's rows.
    if (!unit || (d.outcome.kind === 'awaiting' && d.outcome.reason === 'token-mismatch')) continue;
    byUnit.set(unit.id, [...(byUnit.get(unit.id) ?? []), d]);
  }
  for (const d of ordered) {
    const unit = d.outcome.unit;
    if (d.outcome.kind !== 'awaiting' || !unit) continue;
    const row = state.progress.get(unit.id);
    if (row && !row.acceptedAt && !byUnit.has(unit.id) && row.status !== STATUS.awaiting) {
      requests.push(
        ...writes.row('progress', unit.id, row.row, new Map([[p.status, text(STATUS.awaiting)]])),
      );
    }
  }

  for (const [unitId, versions] of byUnit) {
    const progress = state.progress.get(unitId);
    const data = state.data.get(unitId);
    const latest = versions.at(-1);
    if (!progress || !latest) continue;
    const accepted = versions.filter((v) => v.outcome.kind === 'accepted').at(-1);
    // Never replace newer numbers with older ones (a redelivered old version, a clock skew).
    const fresh =
      accepted &&
      (!data?.version || time(accepted.version.lastSubmittedTime) > versionTime(data.version));
    const acceptedAt =
      fresh && accepted
        ? formatDateTime(new Date(accepted.version.lastSubmittedTime), tz)
        : progress.acceptedAt;
    if (fresh && accepted && data) {
      requests.push(
        ...writes.row('data', unitId, data.row, dataCells(layout, state, accepted, acceptedAt)),
      );
      acceptedUnits.push(unitId);
    }
    const o = latest.outcome;
    const status =
      o.kind === 'accepted'
        ? o.late
          ? STATUS.late
          : STATUS.submitted
        : o.kind === 'rejected'
          ? // Counted figures stand when a correction is refused: the unit has reported.
            acceptedAt
            ? STATUS.correctionRejected
            : STATUS.needsFix
          : progress.status || STATUS.notSubmitted;
    const note =
      o.kind === 'rejected'
        ? `${LAST_ERRORS_HEADING}\n${messagesOf(o.checked.errors).join('\n')}`
        : o.kind === 'accepted'
          ? warningNote(o.checked.warnings)
          : '';
    const lastSubmitted = formatDateTime(new Date(latest.version.lastSubmittedTime), tz);
    requests.push(
      ...writes.row(
        'progress',
        unitId,
        progress.row,
        new Map([
          [p.status, text(status)],
          [p.lastSubmitted, text(lastSubmitted)],
          [p.acceptedAt, maybeText(acceptedAt)],
          [p.versions, num(progress.versions + versions.length)],
          [p.warnings, maybeText(note)],
        ]),
      ),
    );
  }

  requests.push(...handTypedMarks(state, byUnit, writes));

  if (checkpoint && checkpoint !== state.system.checkpoint.value) {
    requests.push(cellsAt(SHEET_ID.system, state.system.checkpoint.row, 1, [text(checkpoint)]));
  }
  // When the last batch was written, for whoever looks at the tab. An ambiguous failure moves it
  // too, so the sweep goes by lastSuccess instead (planSuccess).
  if (requests.length > 0) {
    requests.push(
      cellsAt(SHEET_ID.system, state.system.lastWrite.row, 1, [text(now.toISOString())]),
    );
  }
  return { requests, logs, acceptedUnits, unitCells: writes.cells };
}

/**
 * When the last run that took everything new and wrote it started: the scheduled sweep stands
 * aside for a while after it. Written with its key, so a sheet made before the key existed
 * gains the row on the first success.
 */
export function planSuccess(state: SheetState, startedAt: Date): Request {
  return cellsAt(SHEET_ID.system, state.system.lastSuccess.row, 0, [
    text('lastSuccess'),
    text(startedAt.toISOString()),
  ]);
}

/** The second write of a batch: what became of each owed mail, in the log's "Thư đã gửi" column. */
export function planMailMarks(
  state: SheetState,
  marks: readonly { row: number; status: string }[],
): Request[] {
  return marks.map((m) => cellsAt(SHEET_ID.log, m.row, state.columns.log.mail, [text(m.status)]));
}
