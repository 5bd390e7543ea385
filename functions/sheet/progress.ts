// What "Tiến độ" says of each unit, read for the coordinator: send-backs owed, who to remind, the digest's figures.

import type { Campaign } from '../../forms/campaign.ts';
import { REVIEW, STATUS, type Standing, standingOf } from '../core/status.ts';
import type { ReminderSlot } from '../core/time.ts';
import { districtTable, type TableLine } from '../core/totals.ts';
import { MAIL_STATUS, REMOVED_HEADING } from '../core/wording.ts';
import type { DigestInput } from '../mail/digest.ts';
import type { Request } from './cells.ts';
import { text } from './cells.ts';
import type { UnitWrites } from './landing.ts';
import { SHEET_ID } from './layout.ts';
import { LAST_ERRORS_HEADING } from './plan.ts';
import { countedReport, type ProgressRow, type SheetState } from './state.ts';

const cell = (sheetId: number, row: number, column: number, value: string): Request => ({
  updateCells: {
    start: { sheetId, rowIndex: row - 1, columnIndex: column },
    rows: [{ values: [text(value)] }],
    fields: 'userEnteredValue',
  },
});

/** A unit has reported once figures of it are counted (a version, or typed by hand). */
export const hasReported = (p: ProgressRow) => standingOf(p) !== 'missing';

/** Units a coordinator marked "Yêu cầu sửa" whose request has not been mailed yet. */
export function pendingSendBacks(state: SheetState): ProgressRow[] {
  return [...state.progress.values()].filter(
    (p) => p.review === REVIEW.sendBack && p.sentBack === '',
  );
}

/** After a send-back is mailed: recorded once, and the status says the unit must correct. */
export function sendBackMarks(
  campaign: Campaign,
  state: SheetState,
  row: ProgressRow,
  at: Date,
  writes: UnitWrites,
): Request[] {
  const p = state.columns.progress;
  return writes.row(
    'progress',
    row.unit.id,
    row.row,
    new Map([
      [p.sentBack, text(MAIL_STATUS.sent(at, campaign.timezone))],
      [p.status, text(STATUS.needsFix)],
    ]),
  );
}

/** The errors of a unit's last rejected version, as sync wrote them under "Cảnh báo / lỗi". */
export function lastErrors(row: ProgressRow): string[] {
  const [first, ...rest] = row.warnings.split('\n');
  if (first !== LAST_ERRORS_HEADING) return [];
  return rest.map((l) => l.trim()).filter(Boolean);
}

export interface ReminderTarget {
  row: ProgressRow;
  /** Why it is reminded: nothing counted, a refused correction, or the coordinator's request. */
  standing: Exclude<Standing, 'counted'>;
  errors: string[];
}

/**
 * Units owed this slot's reminder, each with its own standing (a unit with counted figures is
 * never reminded as a non-reporter); never one already reminded for this slot.
 */
export function reminderTargets(state: SheetState, slot: ReminderSlot): ReminderTarget[] {
  return [...state.progress.values()].flatMap((row) => {
    const standing = standingOf(row);
    if (standing === 'counted' || row.reminders.split(/[;\n]\s*/).includes(slot.id)) return [];
    return [{ row, standing, errors: lastErrors(row) }];
  });
}

export function reminderMark(
  state: SheetState,
  row: ProgressRow,
  slot: ReminderSlot,
  writes: UnitWrites,
): Request[] {
  const value = row.reminders ? `${row.reminders}; ${slot.id}` : slot.id;
  return writes.row(
    'progress',
    row.unit.id,
    row.row,
    new Map([[state.columns.progress.reminders, text(value)]]),
  );
}

/**
 * The system cell listing the slots whose digest went, plus `owed:<slot>` for a slot whose
 * mails a limit held back (the sweep sends them later): the entries are added once each.
 */
export function digestMark(state: SheetState, ...entries: string[]): Request {
  const done = slotEntries(state);
  const value = [
    ...done,
    ...entries.filter((e, i) => !done.includes(e) && entries.indexOf(e) === i),
  ];
  return cell(SHEET_ID.system, state.system.digests.row, 1, value.join('; '));
}

export const slotEntries = (state: SheetState): string[] =>
  state.system.digests.value.split(/;\s*/).filter(Boolean);

/** The district table from the units' rows as the sheet holds them now (corrections included). */
export function districtSoFar(campaign: Campaign, state: SheetState): TableLine[] {
  const counted = [...state.data.entries()].flatMap(([unitId, row]) =>
    row.version || row.handTyped ? [{ unitId, report: countedReport(row) }] : [],
  );
  return districtTable(campaign, counted, state.district).lines;
}

/** The digest's figures, counted from "Tiến độ" the way a coordinator reads it. */
export function digestFigures(
  campaign: Campaign,
  state: SheetState,
): Omit<DigestInput, 'campaign' | 'now' | 'sheetUrl'> {
  const rows = [...state.progress.values()];
  const names = (pick: (p: ProgressRow) => boolean) => rows.filter(pick).map((p) => p.unit.name);
  return {
    byGroup: campaign.groups.map((g) => {
      const inGroup = rows.filter((p) => p.unit.group === g.id);
      return {
        label: g.label,
        total: inGroup.length,
        submitted: inGroup.filter(hasReported).length,
      };
    }),
    late: names((p) => p.status === STATUS.late),
    rejected: names((p) => standingOf(p) === 'missing' && p.status === STATUS.needsFix),
    correctionRejected: names((p) => standingOf(p) === 'correction-rejected'),
    removedFigures: names((p) => p.warnings.split('\n').includes(REMOVED_HEADING)),
    handTyped: names((p) => p.status === STATUS.handTyped),
    awaiting: names((p) => p.status === STATUS.awaiting),
    withoutEmail: names((p) => p.unit.emails.length === 0),
    notSubmitted: names((p) => !hasReported(p)),
    skippedRows: state.skipped.map((s) => s.problem),
    unmailableRows: state.unmailable.map((s) => s.problem),
    totals: districtSoFar(campaign, state),
  };
}
