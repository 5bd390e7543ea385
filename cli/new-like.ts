// `baocao new --like <campaign>`: next year's campaign folder from last year's, every date-bound field marked to confirm.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { isCollection, isScalar, parseDocument } from 'yaml';
import { parseCampaignFile } from '../forms/campaign-file.ts';
import { registryColumn } from '../forms/registry.ts';
import { previousCommand } from './compare/previous.ts';
import { csvText } from './csv.ts';
import { mark } from './draft/yaml.ts';

export interface LikeOptions {
  /** A campaign folder (campaigns/q7-htsd-2021) or, from the repository, its id. */
  like: string;
  id?: string | undefined;
  /** The new folder; by default beside the old one, named by the new id. */
  out?: string | undefined;
  /** The CSV `baocao export` wrote for the old campaign: written into the new file's `previous`. */
  previousFigures?: string | undefined;
}

const FILE_NAMES = ['campaign.yaml', 'campaign.json'];

/** One year later, the same day (29 February becomes 28 February). */
export function nextYear(date: string): string {
  return date.replace(/^(\d{4})-(\d{2})-(\d{2})/, (_, y: string, m: string, d: string) => {
    const year = Number(y) + 1;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const day = m === '02' && d === '29' && !leap ? '28' : d;
    return `${year}-${m}-${day}`;
  });
}

/** The id with its year moved on (q7-htsd-2021 → q7-htsd-2022); undefined when it has none. */
function nextId(id: string): string | undefined {
  const years = [...id.matchAll(/(?<!\d)(\d{4})(?!\d)/g)];
  const last = years.at(-1);
  if (!last || last.index === undefined) return undefined;
  return `${id.slice(0, last.index)}${Number(last[1]) + 1}${id.slice(last.index + 4)}`;
}

/** A check the coordinator must make, shown in the file and on screen. */
interface ToCheck {
  path: (string | number)[];
  text: string;
}

/**
 * The new campaign file's text from the old one's: comments kept, the id replaced, dates
 * moved on by a year, the year in titles too, and every such field marked "CẦN SỬA".
 */
function likeCampaignText(text: string, newId: string): { text: string; toCheck: ToCheck[] } {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const toCheck: ToCheck[] = [];
  const value = (path: (string | number)[]) => {
    const node = doc.getIn(path, true);
    return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  };
  const oldYear = value(['period', 'start'])?.slice(0, 4);
  const newYear = oldYear === undefined ? undefined : String(Number(oldYear) + 1);
  const shift = (path: (string | number)[], what: string) => {
    const old = value(path);
    if (old === undefined) return;
    const moved = nextYear(old);
    doc.setIn(path, moved);
    toCheck.push({
      path,
      text: `${what}: đã tạm lùi một năm (${old} → ${moved}), hãy sửa theo kế hoạch mới`,
    });
  };
  doc.setIn(['id'], newId);
  shift(['plan', 'date'], 'ngày ký kế hoạch');
  toCheck.push({
    path: ['plan', 'number'],
    text: `số kế hoạch (${value(['plan', 'number'])}) là của kế hoạch cũ, hãy ghi số kế hoạch mới`,
  });
  shift(['period', 'start'], 'ngày bắt đầu');
  shift(['period', 'end'], 'ngày kết thúc');
  shift(['deadline'], 'hạn nộp');
  shift(['lockAt'], 'thời điểm khóa biểu mẫu');
  if (doc.hasIn(['reminders'])) {
    toCheck.push({
      path: ['reminders'],
      text: 'các mốc nhắc tính theo hạn nộp (offsetDays) và giờ gửi (time): hãy xem lại cho hợp với lịch mới',
    });
  }
  if (oldYear && newYear) {
    for (const path of [
      ['title'],
      ['report', 'title'],
      ['report', 'subtitle'],
      ['report', 'attachedTo'],
    ]) {
      const old = value(path);
      if (old?.includes(oldYear)) {
        doc.setIn(path, old.replaceAll(oldYear, newYear));
        toCheck.push({ path, text: `đã đổi năm ${oldYear} thành ${newYear}, hãy đọc lại` });
      }
    }
  }
  for (const c of toCheck) {
    // A comment inside `{ start: …, end: … }` would unfold it; it goes above the field instead.
    const parent = doc.getIn(c.path.slice(0, -1), true);
    const at =
      c.path.length > 1 && isCollection(parent) && parent.flow ? c.path.slice(0, -1) : c.path;
    mark(doc, at, ` CẦN SỬA: ${c.text}`);
  }
  return { text: doc.toString({ lineWidth: 0 }), toCheck };
}

/** The folder `like` names: itself if it is one, else campaigns/<like> under the current folder. */
function sourceFolder(like: string): string {
  return existsSync(like) && statSync(like).isDirectory() ? like : join('campaigns', like);
}

/** Exit codes: 0 written, 1 the old campaign cannot be read, 2 wrong usage or the folder exists (never overwritten). */
export function newLikeCommand(options: LikeOptions, say: (line: string) => void): number {
  const from = sourceFolder(options.like);
  const file = FILE_NAMES.map((n) => join(from, n)).find((f) => existsSync(f));
  if (!file) {
    say(`Không thấy tệp đợt báo cáo trong ${from} (cần campaign.yaml hoặc campaign.json).`);
    return 1;
  }
  const oldText = readFileSync(file, 'utf8');
  const old = parseCampaignFile(oldText, file);
  const newId = options.id ?? nextId(old.id);
  if (!newId) {
    say(`Mã đợt «${old.id}» không có năm để tăng lên; hãy đặt mã đợt mới bằng --id.`);
    return 2;
  }
  if (newId === old.id) {
    say(`Mã đợt mới phải khác mã đợt cũ «${old.id}».`);
    return 2;
  }
  if (options.previousFigures && !existsSync(options.previousFigures)) {
    say(
      `Không có tệp «${options.previousFigures}»: --previous-figures nhận tệp CSV do «baocao export» ghi cho đợt ${old.id}.`,
    );
    return 2;
  }
  const out = options.out ?? join(dirname(from), newId);
  if (existsSync(out)) {
    say(`Thư mục ${out} đã có; không ghi đè. Chọn nơi khác bằng --out hoặc mã khác bằng --id.`);
    return 2;
  }
  const { text, toCheck } = likeCampaignText(oldText, newId);
  // The result must load as the folder will: named by its id.
  parseCampaignFile(text, join(out, 'campaign.yaml'), basename(out) === newId ? { id: newId } : {});
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'campaign.yaml'), text, 'utf8');
  const units = join(from, 'units.csv');
  const hasUnits = existsSync(units);
  if (hasUnits)
    writeFileSync(join(out, 'units.csv'), nextYearRegistry(readFileSync(units, 'utf8')));
  say(`✓ Đã tạo ${out} từ đợt ${old.id}: mã đợt mới ${newId}.`);
  say(
    `  Giữ nguyên: các mục, ${old.rules.length} quy tắc kiểm tra, ${old.reminders.length} nhắc nhở${hasUnits ? ', danh sách đơn vị (units.csv)' : ''}.`,
  );
  say(`  ${toCheck.length} chỗ cần xem lại (đánh dấu "# CẦN SỬA:" trong tệp):`);
  for (const c of toCheck) say(`    - ${c.path.join('.')}: ${c.text}`);
  if (hasUnits)
    say(
      `  Xem lại units.csv: đơn vị mới, địa chỉ thư; đơn vị sáp nhập hoặc đổi tên so với đợt ${old.id} thì ghi mã cũ ở cột «Tiền thân» và ngày ở cột «Từ ngày» (để «baocao compare» đặt số liệu hai năm cạnh nhau).`,
    );
  else say(`  ${from} không có units.csv: hãy tạo danh sách đơn vị (id,name,group,emails).`);
  if (options.previousFigures && hasUnits) {
    say('');
    return previousCommand({ campaign: out, from: options.previousFigures }, say);
  }
  if (options.previousFigures) {
    say(
      `  Chưa ghi số liệu năm trước: cần units.csv; tạo xong hãy chạy «baocao previous --campaign ${out} --from ${options.previousFigures}».`,
    );
  }
  return 0;
}

/**
 * Last year's registry for next year's folder: the units, parents, codes and emails stay, while
 * "Tiền thân" and "Từ ngày" are emptied, since they told what changed since the year before
 * last; the two columns are added when missing, for this year's merges.
 */
export function nextYearRegistry(csv: string): string {
  const [header = [], ...body] = parse(csv.replace(/^\uFEFF/, ''), {
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  const history = new Set(['from', 'since']);
  const kept = header.map((h) => !history.has(registryColumn(h) ?? ''));
  const added = (['from', 'since'] as const).filter(
    (key) => !header.some((h) => registryColumn(h) === key),
  );
  const names = { from: 'Tiền thân', since: 'Từ ngày' };
  return csvText([
    [...header, ...added.map((k) => names[k])],
    ...body.map((cells) => [
      ...header.map((_, i) => (kept[i] ? (cells[i] ?? '') : '')),
      ...added.map(() => ''),
    ]),
  ]);
}
