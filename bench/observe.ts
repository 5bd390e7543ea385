// Watches the master sheet's "Nhật ký" inside the Sheets stand-in (no API call, so no request is counted).
import { sheetLayout, TAB } from '../functions/sheet/layout.ts';
import type { LocalMode } from '../local/localmode.ts';
import { type Cell, findSheetByTitle } from '../local/sheets/model.ts';

export interface LogEntry {
  unitId: string;
  outcome: string;
  mail: string;
  /** Epoch ms (Date.now) when the row was first seen, and when its mail was first marked sent. */
  rowAt: number;
  mailMarkedAt?: number;
}

const text = (cell: Cell | null | undefined): string => {
  const v = cell?.userEnteredValue;
  if (!v) return '';
  return String(v.stringValue ?? v.numberValue ?? v.boolValue ?? v.formulaValue ?? '');
};

/** Polls the stand-in's committed state (every few ms, scanning only when its revision moved). */
export class LogWatch {
  readonly entries = new Map<string, LogEntry>();
  private revision = -1;
  private readonly timer: NodeJS.Timeout;
  private readonly col;
  private readonly firstRow;

  constructor(
    private readonly local: LocalMode,
    everyMs = 5,
  ) {
    const layout = sheetLayout(local.campaign);
    this.col = layout.log.col;
    this.firstRow = layout.log.firstRow;
    this.timer = setInterval(() => this.scan(), everyMs);
  }

  scan(): void {
    const ss = this.local.standIns.sheets.getSpreadsheet(this.local.state.spreadsheetId);
    if (!ss || ss.revision === this.revision) return;
    this.revision = ss.revision;
    const sheet = findSheetByTitle(ss, TAB.log);
    if (!sheet) return;
    const at = Date.now();
    for (let r = this.firstRow - 1; r < sheet.rows.length; r++) {
      const row = sheet.rows[r];
      if (!row) continue;
      const responseId = text(row[this.col.responseId]);
      if (!responseId) continue;
      const mail = text(row[this.col.mail]);
      const known = this.entries.get(responseId);
      if (!known) {
        this.entries.set(responseId, {
          unitId: text(row[this.col.unitId]),
          outcome: text(row[this.col.outcome]),
          mail,
          rowAt: at,
          ...(mail.startsWith('Đã gửi') ? { mailMarkedAt: at } : {}),
        });
      } else if (known.mail !== mail) {
        known.mail = mail;
        if (mail.startsWith('Đã gửi') && known.mailMarkedAt === undefined) known.mailMarkedAt = at;
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
