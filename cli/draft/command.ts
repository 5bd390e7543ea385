// `baocao new --from <table>`: drafts a campaign file from the plan's appendix table and says what to check.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { draftCampaign } from './draft.ts';
import { readTableFile } from './read.ts';
import { readAppendixTable } from './table.ts';
import { draftYaml } from './yaml.ts';

export interface NewOptions {
  from: string;
  out?: string | undefined;
  id?: string | undefined;
  now: () => Date;
}

/** The date in Vietnam, where the campaign runs: placeholder dates start from it. */
const todayInVietnam = (now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);

/** Exit codes: 0 drafted, 2 the output file exists (never overwritten). */
export async function newCampaignCommand(
  options: NewOptions,
  say: (line: string) => void,
): Promise<number> {
  const table = readAppendixTable(await readTableFile(options.from));
  const draft = draftCampaign(table, {
    today: todayInVietnam(options.now()),
    ...(options.id ? { id: options.id } : {}),
  });
  const out = options.out ?? `${draft.campaign.id}.campaign.yaml`;
  if (existsSync(out)) {
    say(`Tệp ${out} đã có; không ghi đè. Chọn tên khác bằng --out.`);
    return 2;
  }
  await writeFile(out, draftYaml(draft), 'utf8');
  const sections = draft.campaign.sections;
  const rows = sections.flatMap((s) => s.rows);
  say(
    `✓ Đã soạn ${out}: ${sections.length} mục, ${rows.length} dòng, ${draft.columns.filter((c) => c.role === 'quantity').length} cột số lượng.`,
  );
  say(`  ${draft.guesses.length} chỗ đoán (đánh dấu "# ĐOÁN:" trong tệp): hãy xác nhận từng chỗ.`);
  say(`  ${draft.toFill.length} chỗ bảng không có (đánh dấu "# CẦN ĐIỀN:"):`);
  for (const f of draft.toFill) say(`    - ${f.path.join('.')}: ${f.text}`);
  if (draft.undecided.length) {
    say('Chưa quyết định được:');
    for (const u of draft.undecided) say(`  ! ${u}`);
  }
  return 0;
}
