// `baocao status`: the units' progress as a table for the terminal, or JSON for scripts.

import type { Campaign } from '../forms/campaign.ts';
import { charCount, cutText } from '../forms/text.ts';
import { percent } from '../functions/core/progress.ts';
import { hasReported } from '../functions/sheet/progress.ts';
import type { SheetState } from '../functions/sheet/state.ts';

export interface StatusSummary {
  campaign: string;
  reported: number;
  total: number;
  percent: number;
  byGroup: { group: string; reported: number; total: number }[];
  units: {
    id: string;
    name: string;
    group: string;
    status: string;
    lastSubmitted: string;
    versions: number;
    reminders: string;
    emails: string[];
  }[];
}

export function statusSummary(campaign: Campaign, state: SheetState): StatusSummary {
  const rows = [...state.progress.values()];
  const reported = rows.filter(hasReported).length;
  return {
    campaign: campaign.id,
    reported,
    total: rows.length,
    percent: percent(reported, rows.length),
    byGroup: campaign.groups.map((g) => {
      const inGroup = rows.filter((r) => r.unit.group === g.id);
      return {
        group: g.label,
        reported: inGroup.filter(hasReported).length,
        total: inGroup.length,
      };
    }),
    units: rows.map((r) => ({
      id: r.unit.id,
      name: r.unit.name,
      group: campaign.group(r.unit.group)?.label ?? r.unit.group,
      status: r.status,
      lastSubmitted: r.lastSubmitted,
      versions: r.versions,
      reminders: r.reminders,
      emails: r.unit.emails,
    })),
  };
}

/** Pads by code points so Vietnamese letters line up in a terminal. */
const pad = (s: string, width: number) => {
  const n = charCount(s.normalize('NFC'));
  return n >= width ? cutText(s, width - 1) : s + ' '.repeat(width - n);
};

export function formatStatus(s: StatusSummary): string {
  const lines = [
    `Đã nộp ${s.reported}/${s.total} đơn vị (${s.percent}%)`,
    ...s.byGroup.map((g) => `  ${g.group}: ${g.reported}/${g.total}`),
    '',
    `${pad('Đơn vị', 44)} ${pad('Trạng thái', 14)} ${pad('Nộp lần cuối', 18)} Lần nộp`,
    ...s.units.map(
      (u) =>
        `${pad(u.name, 44)} ${pad(u.status || '—', 14)} ${pad(u.lastSubmitted || '—', 18)} ${u.versions}`,
    ),
  ];
  const missing = s.units.filter((u) => u.emails.length === 0).length;
  if (missing > 0)
    lines.push(
      '',
      `${missing} đơn vị chưa có email: thêm ở cột «Email nhận thư» của trang Tiến độ.`,
    );
  return `${lines.join('\n')}\n`;
}
