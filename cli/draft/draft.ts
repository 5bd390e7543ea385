// Drafts a campaign definition from a plan's appendix table, marking every guess for the coordinator.
import { countPeopleRules, sectionAnsweredYesRules } from '../../forms/rule-kit.ts';
import type { CampaignInput, MeasureKind } from '../../forms/schema.ts';
import { readPlanHeading } from './letterhead.ts';
import { readUnit } from './measures.ts';
import { type DraftMark, draftSections } from './sections.ts';
import type { AppendixTable, ColumnRole } from './table.ts';

/** A column of the official table as the appendix prints it, with the measures it shows. */
export interface DraftColumn {
  role: ColumnRole;
  header: string;
  group?: string;
  /** Which measures the column shows (quantity columns and Ghi chú). */
  kinds: MeasureKind[];
}

export interface CampaignDraft {
  /** The definition without its units (they go in the registry, units.csv). */
  campaign: Omit<CampaignInput, 'units'>;
  columns: DraftColumn[];
  /** Read from the table but not certain: marked "# ĐOÁN:" in the file. */
  guesses: DraftMark[];
  /** Not in the table at all: a placeholder marked "# CẦN ĐIỀN:" in the file. */
  toFill: DraftMark[];
  /** What the drafter could not decide about the table itself, in Vietnamese. */
  undecided: string[];
}

export interface DraftOptions {
  /** Today in the campaign's time zone (YYYY-MM-DD): placeholder dates start here. */
  today: string;
  id?: string;
}

/** Uppercase Vietnamese as a sentence: "TUẦN LỄ HƯỞNG ỨNG" → "Tuần lễ hưởng ứng". */
function sentenceCase(s: string): string {
  if (s !== s.toUpperCase()) return s;
  const lower = s.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** "Tuần lễ hưởng ứng học tập 2021" → "tuan-le-huong-ung-hoc-tap-2021", cut at a word near 48. */
export function slugOf(text: string): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  const kept: string[] = [];
  for (const w of words) {
    if (kept.join('-').length + w.length > 48) break;
    kept.push(w);
  }
  return kept.join('-') || 'dot-bao-cao';
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const KIND_WORDS = { count: 'số đếm', people: 'số người', amount: 'số tiền (đồng)' } as const;
const PEOPLE_HEADER = /người|cá nhân|học viên|lượt/;
const AMOUNT_HEADER = /tiền|kinh phí|đồng/;

export function draftCampaign(table: AppendixTable, options: DraftOptions): CampaignDraft {
  const amountColumn =
    table.columns.some(
      (c) => c.role === 'quantity' && AMOUNT_HEADER.test(c.header.toLowerCase()),
    ) && !table.rows.some((r) => readUnit(r.unit).measures.some((m) => m.kind === 'amount'));
  const { sections, guesses, undecided } = draftSections(table.rows, { amountColumn });
  const toFill: DraftMark[] = [];
  const columns = draftColumns(table, sections, guesses, undecided);

  const lines = [...table.titleLines];
  const attachedAt = lines.findLastIndex((l) => /^\(.*\)$/.test(l));
  const attachedTo = attachedAt >= 0 ? (lines.splice(attachedAt, 1)[0] ?? '') : '';
  const reportTitle = lines.shift() ?? '';
  const subtitle = lines.join(' ');
  // A quoted subtitle names the event ("“TUẦN LỄ … NĂM 2021”"); otherwise both lines make the name.
  const unquoted = subtitle.replace(/^["“”']+|["“”']+$/g, '').trim();
  const named = unquoted !== subtitle && unquoted.split(' ').length >= 4;
  const name = sentenceCase(named ? unquoted : [reportTitle, unquoted].filter(Boolean).join(' '));
  const fill = (path: (string | number)[], text: string) => toFill.push({ path, text });
  const guess = (path: (string | number)[], text: string) => guesses.push({ path, text });

  if (!reportTitle) fill(['report', 'title'], 'tên bảng tổng hợp (bảng không có dòng tên ở trên)');
  if (!subtitle) fill(['report', 'subtitle'], 'dòng thứ hai của tên bảng');
  if (!attachedTo) fill(['report', 'attachedTo'], 'dòng "(Kèm theo …)" dưới tên bảng');
  if (name) guess(['title'], 'tên đợt báo cáo, lấy từ tên bảng');
  else fill(['title'], 'tên đợt báo cáo');
  const id = options.id ?? slugOf(name);
  if (!options.id) guess(['id'], 'mã đợt (chữ thường không dấu); đổi bằng --id nếu muốn');
  const heading = readPlanHeading(table.linesAbove);
  const fromPlan = (path: string[], value: string | undefined, what: string, blank: string) =>
    value ? guess(path, `${what}, đọc từ đầu kế hoạch`) : fill(path, blank);
  fromPlan(['plan', 'number'], heading.number, 'số kế hoạch', 'số kế hoạch (ví dụ 4595/KH-UBND)');
  fromPlan(['plan', 'date'], heading.date, 'ngày ký kế hoạch', 'ngày ký kế hoạch');
  fromPlan(['plan', 'issuer'], heading.issuer, 'cơ quan ban hành', 'cơ quan ban hành kế hoạch');
  fromPlan(
    ['plan', 'issuerHeader'],
    heading.issuerHeader,
    'dòng cơ quan in đầu bảng',
    'dòng cơ quan chủ quản in đầu bảng (chữ in hoa)',
  );
  if (heading.place) guess(['document', 'place'], 'nơi ghi trên dòng ngày tháng của bảng');
  fill(['period'], 'thời gian diễn ra các hoạt động được báo cáo');
  fill(['deadline'], 'hạn nộp báo cáo');
  fill(['coordinator'], 'tên và email của người tổng hợp');
  fill(['groups'], 'nhóm đơn vị (danh sách đơn vị ghi ở units.csv)');
  guess(
    ['reminders'],
    'ba mốc nhắc như đợt 2021: trước hạn 2 ngày, sáng ngày hạn, sau hạn mỗi ngày',
  );
  guess(['rules'], 'quy tắc kiểm tra chung; chưa có giới hạn số liệu hợp lý (plausibleMaxRules)');

  const placeholder = (what: string) => `(điền ${what})`;
  const allRows = sections.flatMap((s) => s.rows);
  const campaign: Omit<CampaignInput, 'units'> = {
    id,
    title: name || placeholder('tên đợt báo cáo'),
    plan: {
      number: heading.number ?? placeholder('số kế hoạch'),
      date: heading.date ?? options.today,
      issuer: heading.issuer ?? placeholder('cơ quan ban hành'),
      issuerHeader: heading.issuerHeader ?? placeholder('CƠ QUAN CHỦ QUẢN'),
    },
    ...(heading.place ? { document: { place: heading.place } } : {}),
    table: {
      columns: columns
        .filter((c) => c.role === 'quantity')
        .map((c) => {
          const kinds = c.kinds.filter((k) => k !== 'text');
          return {
            header: c.header,
            ...(c.group ? { group: c.group } : {}),
            // A column holding several kinds ("Số lớp/số cuộc thi" with amounts) is named by its
            // group where a table has one header row (receipts, the digest).
            ...(c.group && kinds.length > 1 ? { short: c.group } : {}),
            kinds,
          };
        }),
    },
    report: {
      title: reportTitle || placeholder('tên bảng'),
      subtitle: subtitle || placeholder('dòng thứ hai của tên bảng'),
      attachedTo: attachedTo || placeholder('dòng Kèm theo …'),
    },
    timezone: 'Asia/Ho_Chi_Minh',
    period: { start: options.today, end: addDays(options.today, 6) },
    deadline: addDays(options.today, 7),
    reminders: [
      { id: 'truoc-han-2-ngay', offsetDays: -2, time: '08:00' },
      { id: 'sang-ngay-het-han', offsetDays: 0, time: '07:30' },
      { id: 'qua-han', offsetDays: 1, time: '08:00', repeatDailyForDays: 7 },
    ],
    coordinator: { name: placeholder('tên người tổng hợp'), emails: ['nguoi-tong-hop@example.vn'] },
    sections,
    rules: [...countPeopleRules(allRows), ...sectionAnsweredYesRules(sections)],
    groups: [{ id: 'don-vi', label: 'Đơn vị' }],
  };
  return { campaign, columns, guesses, toFill, undecided: [...table.notes, ...undecided] };
}

/**
 * The official table's columns as the appendix prints them. A quantity column shows the kind its
 * header names ("Người" → people, "Kinh phí" → amount, else counts); a kind no header names goes
 * where the 2021 table puts it (amounts beside counts), and that is a guess.
 */
function draftColumns(
  table: AppendixTable,
  sections: CampaignInput['sections'],
  guesses: DraftMark[],
  undecided: string[],
): DraftColumn[] {
  const columns: DraftColumn[] = table.columns.map((c) => {
    const k = c.header.toLowerCase();
    const kinds: MeasureKind[] =
      c.role === 'note'
        ? ['text']
        : c.role !== 'quantity'
          ? []
          : PEOPLE_HEADER.test(k)
            ? ['people']
            : AMOUNT_HEADER.test(k)
              ? ['amount']
              : ['count'];
    return { role: c.role, header: c.header, ...(c.group ? { group: c.group } : {}), kinds };
  });
  const used = new Set(
    sections.flatMap((s) => s.rows.flatMap((r) => (r.measures ?? []).map((m) => m.kind))),
  );
  const quantity = columns.filter((c) => c.role === 'quantity');
  for (const kind of ['count', 'people', 'amount'] as const) {
    const shown = quantity.filter((c) => c.kinds.includes(kind));
    if (shown.length > 1) {
      undecided.push(
        `Có ${shown.length} cột số cùng loại (${shown.map((c) => `"${c.header}"`).join(', ')}): mỗi dòng chỉ có một số mỗi loại; hãy chọn cột nào giữ số nào.`,
      );
    }
    if (!used.has(kind) || shown.length > 0) continue;
    // One "Số lượng" column holds every figure; else amounts go beside counts, as in 2021.
    const first =
      quantity.length === 1
        ? quantity[0]
        : kind === 'people'
          ? undefined
          : quantity.find((c) => c.kinds.includes('count'));
    if (first) {
      first.kinds.push(kind);
      guesses.push({
        path: ['table', 'columns', quantity.indexOf(first)],
        text: `cột "${first.header}" in cả ${KIND_WORDS[kind]} (không có cột riêng)`,
      });
    } else {
      undecided.push(
        `Bảng không có cột cho ${KIND_WORDS[kind]} mà các dòng hỏi; hãy thêm cột vào bảng hoặc sửa đơn vị tính của các dòng đó.`,
      );
    }
  }
  if (used.has('text') && !columns.some((c) => c.role === 'note')) {
    undecided.push('Bảng không có cột "Ghi chú" cho các dòng trả lời bằng chữ.');
  }
  return columns;
}
