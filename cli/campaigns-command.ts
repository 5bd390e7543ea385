// `baocao campaigns`, `lock` and `archive`: the deployment's campaigns and their state, and one campaign locked or archived alone.
import type { Campaign } from '../forms/campaign.ts';
import { formatDateTime } from '../forms/format.ts';
import { CAMPAIGN_STATES, type RegisteredCampaign } from '../functions/sheet/campaigns.ts';
import { listCampaigns, type RegistryDeps, setCampaignState } from './campaign-registry.ts';

function formatCampaigns(
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

export async function campaignsCommand(
  command: 'campaigns' | 'lock' | 'archive',
  deps: RegistryDeps,
  on: { home: string; homeSpreadsheetId: string; campaign: Campaign; now: () => Date },
  say: (line: string) => void,
): Promise<void> {
  const { campaign } = on;
  if (command === 'campaigns') {
    const entries = await listCampaigns(deps, on.homeSpreadsheetId);
    say(formatCampaigns(entries, on.home, campaign.timezone).trimEnd());
    return;
  }
  const changed = await setCampaignState(
    deps,
    on.homeSpreadsheetId,
    campaign.id,
    command === 'lock' ? 'locked' : 'archived',
    on.now(),
  );
  const at = formatDateTime(
    new Date(changed.lockedAt ?? on.now().toISOString()),
    campaign.timezone,
  );
  say(
    command === 'lock'
      ? `✓ Đã khóa đợt «${campaign.title}» (${campaign.id}) từ ${at}: bản nộp từ lúc đó bị từ chối và đơn vị được báo qua thư; không gửi nhắc nhở nữa. Các đợt khác vẫn nhận bình thường.`
      : `✓ Đã lưu trữ đợt «${campaign.title}» (${campaign.id}): các hàm thôi đồng bộ, nhắc nhở và theo dõi biểu mẫu của đợt; bảng tổng hợp và số liệu giữ nguyên. Các đợt khác không bị ảnh hưởng.`,
  );
  say('Các hàm áp dụng thay đổi trong vòng 1 phút.');
}
