// `baocao previous --from FILE`: writes last campaign's figures of each unit into the campaign file, for its receipts.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import type { Campaign } from '../../forms/campaign.ts';
import { parseCampaignFile } from '../../forms/campaign-file.ts';
import type { CampaignData } from '../../forms/schema.ts';
import { loadCampaignFile } from '../campaigns.ts';
import {
  compareWithPrevious,
  PreviousFiguresError,
  parseExportCsv,
  type UnitFigures,
} from './figures.ts';

export interface PreviousOptions {
  /** A campaign folder, its campaign.yaml/json, or an id under campaigns/. */
  campaign: string;
  /** The per-unit CSV `baocao export` wrote for the previous campaign. */
  from: string;
  /** How receipts name the previous campaign; by default "năm <year before this period>". */
  title?: string | undefined;
}

type PreviousSection = NonNullable<CampaignData['previous']>;

/**
 * Each of today's units' previous figures: its own, or the sum of the units it replaced (the
 * registry's Tiền thân), as `baocao compare` maps them. Only figures a unit reports are kept;
 * parent rows are summed again where they are shown.
 */
export function previousSection(
  campaign: Campaign,
  previous: readonly UnitFigures[],
  title: string,
): { section: PreviousSection; unmapped: UnitFigures[]; fresh: string[] } {
  const reported = new Set(
    campaign.unitMeasures.filter((m) => !m.computed && m.kind !== 'text').map((m) => m.id),
  );
  // The export lists every unit; one that sent nothing last year has only blanks, not zeros.
  const reportedLastYear = previous.filter((u) => Object.values(u.values).some((v) => v !== null));
  const mapped = compareWithPrevious(campaign, [], reportedLastYear);
  const figures: PreviousSection['figures'] = {};
  const fresh: string[] = [];
  for (const unit of mapped.units) {
    if (unit.previous === null) {
      fresh.push(`${unit.name} (${unit.id})`);
      continue;
    }
    figures[unit.id] = Object.fromEntries(
      Object.entries(unit.previous).filter(([id]) => reported.has(id)),
    );
  }
  return { section: { title, figures }, unmapped: mapped.unmapped, fresh };
}

/** The campaign file `arg` names: a file, a folder's campaign.yaml/json, or campaigns/<id>'s. */
function campaignFile(arg: string): string | undefined {
  if (/\.(ya?ml|json)$/i.test(arg)) return existsSync(arg) ? arg : undefined;
  const folder = existsSync(arg) && statSync(arg).isDirectory() ? arg : join('campaigns', arg);
  return ['campaign.yaml', 'campaign.json'].map((n) => join(folder, n)).find((f) => existsSync(f));
}

/** The file's text with `previous` set (replaced if present), comments kept; one line per unit. */
function withPreviousText(text: string, file: string, section: PreviousSection): string {
  if (file.endsWith('.json')) {
    return `${JSON.stringify({ ...JSON.parse(text), previous: section }, null, 2)}\n`;
  }
  const doc = parseDocument(text);
  const node = doc.createNode(section);
  const figures = node.get('figures', true);
  if (isMap(figures)) {
    for (const unit of figures.items) if (isMap(unit.value)) unit.value.flow = true;
  }
  doc.set('previous', node);
  return doc.toString({ lineWidth: 0 });
}

/** Exit codes: 0 written, 1 a file cannot be read, 2 wrong usage. */
export function previousCommand(options: PreviousOptions, say: (line: string) => void): number {
  const file = campaignFile(options.campaign);
  if (!file) {
    say(`Không thấy tệp đợt báo cáo «${options.campaign}» (cần campaign.yaml hoặc campaign.json).`);
    return 2;
  }
  if (!existsSync(options.from)) {
    throw new PreviousFiguresError(
      `không có tệp «${options.from}»: --from nhận tệp CSV do «baocao export» ghi cho đợt trước`,
    );
  }
  const campaign = loadCampaignFile(file);
  const previous = parseExportCsv(readFileSync(options.from, 'utf8'), options.from);
  const title = options.title ?? `năm ${Number(campaign.period.start.slice(0, 4)) - 1}`;
  const { section, unmapped, fresh } = previousSection(campaign, previous, title);
  const oldText = readFileSync(file, 'utf8');
  const text = withPreviousText(oldText, file, section);
  // What is written must load: a measure the file no longer has would stop every command.
  parseCampaignFile(text, file);
  writeFileSync(file, text, 'utf8');
  const units = Object.keys(section.figures).length;
  say(
    `✓ Đã ghi số liệu ${title} của ${units} đơn vị vào ${file} (mục previous${parseCampaignFile(oldText, file).previous ? ', thay cho số liệu đã có' : ''}).`,
  );
  say('  Biên nhận của mỗi đơn vị sẽ in số liệu «năm trước» bên cạnh số năm nay.');
  say(
    '  Để các hàm dùng số liệu này: với đợt thêm bằng «baocao setup --campaign», chạy lại lệnh đó với tệp này; với đợt chính của bản triển khai, nhờ người triển khai build lại và chạy pulumi up.',
  );
  for (const u of campaign.units.filter((x) => x.history)) {
    say(`  ${u.name} nhận tổng số liệu của: ${u.history?.from.join(' + ')}`);
  }
  if (unmapped.length > 0) {
    say(
      `  ${unmapped.length} đơn vị năm trước không gắn với đơn vị nào năm nay (ghi mã cũ ở cột «Tiền thân» của units.csv nếu đã sáp nhập):`,
    );
    for (const u of unmapped) say(`    - ${u.name} (${u.id})`);
  }
  if (fresh.length > 0) {
    say(`  ${fresh.length} đơn vị không có số liệu năm trước:`);
    for (const name of fresh) say(`    - ${name}`);
  }
  return 0;
}
