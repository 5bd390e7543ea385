// `baocao campaigns`: the deployment's campaigns and their state, as the coordinator reads them.
import { formatDateTime } from '../forms/format.ts';
import { CAMPAIGN_STATES, type RegisteredCampaign } from '../functions/sheet/campaigns.ts';

export function formatCampaigns(
  entries: readonly RegisteredCampaign[],
  home: string,
  timeZone: string,
): string {
  if (entries.length === 0) {
    return 'Chưa có đợt nào trong danh sách đợt báo cáo: hãy chạy «baocao setup» (hoặc «baocao setup --campaign <tệp>»).\n';
  }
  const lines = [`Các đợt báo cáo của bản triển khai (${entries.length}):`];
  for (const c of entries) {
    const state = CAMPAIGN_STATES[c.state].toLowerCase();
    const since =
      c.state !== 'open' && c.lockedAt
        ? ` (khóa từ ${formatDateTime(new Date(c.lockedAt), timeZone)})`
        : '';
    lines.push(`  ${c.id} — ${c.title}: ${state}${since}${c.id === home ? ' [đợt chính]' : ''}`);
    if (c.sheetUrl) lines.push(`    Bảng tổng hợp: ${c.sheetUrl}`);
  }
  return `${lines.join('\n')}\n`;
}
