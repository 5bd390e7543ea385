// Turns the appendix's body rows into sections of rows: STT numbering, parent sums, free-text rows.
import type { CampaignInput, MeasureKind } from '../../forms/schema.ts';
import { readUnit, type UnitReading } from './measures.ts';
import type { BodyRow } from './table.ts';

type SectionInput = CampaignInput['sections'][number];
type RowInput = SectionInput['rows'][number];
type MeasureInput = NonNullable<RowInput['measures']>[number];

/** A guess or an open question at a place of the campaign object, for a comment beside it. */
export interface DraftMark {
  path: (string | number)[];
  text: string;
}

export interface SectionsDraft {
  sections: SectionInput[];
  guesses: DraftMark[];
  /** What the drafter could not decide, in Vietnamese, with the input's line. */
  undecided: string[];
}

interface Grouped {
  id: string;
  /** Numbered by the drafter: the table printed no STT, so its rows are read as flat sections. */
  synthetic?: boolean;
  head: BodyRow;
  subs: { row: BodyRow; id: string; total: boolean }[];
}

/** "Tổng số người tham gia, trong đó:": a row that sums the sub-rows printed under it. */
const TOTAL = /^tổng( số)?\b|trong đó:?$/i;
/** The table's own grand total at its foot: baocao adds up units itself. */
const GRAND_TOTAL = /^tổng cộng:?$/i;
const ROMAN = /^[IVXLC]+\.?$/;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

type ReadUnit = (unit: string) => UnitReading;

/**
 * `amountColumn`: the table has a "Kinh phí (đồng)" column but no row in đồng, so every row with
 * figures also asks what it cost (a guess the file marks).
 */
export function draftSections(
  rows: readonly BodyRow[],
  options: { amountColumn: boolean },
): SectionsDraft {
  const guesses: DraftMark[] = [];
  const undecided: string[] = [];
  const read: ReadUnit = (unit) => {
    const r = readUnit(unit);
    if (!options.amountColumn || r.measures.length === 0 || r.district) return r;
    const cost = 'dòng hỏi thêm kinh phí (đồng) cho cột kinh phí của bảng';
    return {
      ...r,
      measures: [...r.measures, { kind: 'amount', label: 'Kinh phí (đồng)' }],
      guess: r.guess ? `${r.guess}; ${cost}` : cost,
    };
  };
  const groups = groupRows(rows, undecided);
  const sections = groups.map((g, si) => draftSection(g, si, read, guesses, undecided));
  return { sections, guesses, undecided };
}

/** Sections open on a number ("1", "10"); "1.2" and unnumbered rows ("", "-", "a)") are sub-rows. */
function groupRows(rows: readonly BodyRow[], undecided: string[]): Grouped[] {
  const groups: Grouped[] = [];
  let next = 1;
  for (const row of rows) {
    const stt = row.stt.replace(/\.$/, '');
    const current = groups.at(-1);
    if (GRAND_TOTAL.test(row.label) && !/^\d/.test(stt)) {
      undecided.push(
        `Bỏ qua dòng ${row.line} "${row.label}": baocao tự cộng số liệu các đơn vị, không cần dòng tổng cộng của bảng.`,
      );
      continue;
    }
    if (/^\d+$/.test(stt)) {
      const taken = groups.some((g) => g.id === stt);
      const id = taken ? String(Math.max(next, ...groups.map((g) => Number(g.id) + 1))) : stt;
      if (taken)
        undecided.push(
          `Dòng ${row.line} "${row.label}": STT ${stt} đã dùng cho mục khác; dòng này được đánh số ${id}.`,
        );
      groups.push({ id, head: row, subs: [] });
      next = Number(id) + 1;
      continue;
    }
    if (ROMAN.test(stt)) {
      undecided.push(
        `Dòng ${row.line} "${row.stt}. ${row.label}": nhóm đánh số La Mã chưa được hỗ trợ, đã bỏ qua dòng này (các mục bên dưới vẫn giữ).`,
      );
      continue;
    }
    if (!current || (current.synthetic && !stt)) {
      // A table without numbering: each row its own section.
      undecided.push(
        `Dòng ${row.line} "${row.label}" không có STT: coi là mục ${next} (hãy xác nhận cách đánh số).`,
      );
      groups.push({ id: String(next), head: { ...row, stt: '' }, subs: [], synthetic: true });
      next++;
      continue;
    }
    const numbered = /^(\d+)\.(\d+)$/.exec(stt);
    const total = TOTAL.test(row.label) && !numbered;
    const counted = current.subs.filter((s) => !s.total).length;
    let id = total ? `${current.id}.0` : `${current.id}.${counted + 1}`;
    if (numbered) {
      if (numbered[1] === current.id) id = stt;
      else
        undecided.push(
          `Dòng ${row.line}: STT "${row.stt}" không thuộc mục ${current.id}; đánh số lại là ${id}.`,
        );
    }
    if (current.subs.some((s) => s.id === id)) {
      const taken = id;
      id = `${current.id}.${counted + 1}`;
      undecided.push(
        `Dòng ${row.line} "${row.label}": số ${taken} đã dùng cho dòng khác của mục ${current.id} (Excel có thể đã đổi 1.10 thành 1.1); dòng này được đánh số ${id}.`,
      );
    }
    current.subs.push({ row, id, total: total && id.endsWith('.0') });
  }
  return groups;
}

function draftSection(
  g: Grouped,
  si: number,
  read: ReadUnit,
  guesses: DraftMark[],
  undecided: string[],
): SectionInput {
  const at = (ri: number) => ['sections', si, 'rows', ri];
  const leaves: RowInput[] = g.subs
    .filter((s) => !s.total)
    .map((s) => leafRow(s.id, s.row.stt, s.row, read, guesses, at(rowIndex(g, s.id))));
  const parent = (id: string, row: BodyRow, ri: number): RowInput =>
    g.subs.length === 0
      ? leafRow(id, row.stt, row, read, guesses, at(ri))
      : parentRow(id, row, leaves, read, guesses, undecided, at(ri));
  const rows: RowInput[] = [parent(g.id, g.head, 0)];
  for (const s of g.subs) {
    rows.push(
      s.total
        ? parentRow(s.id, s.row, leaves, read, guesses, undecided, at(rows.length))
        : (leaves.find((l) => l.id === s.id) as RowInput),
    );
  }
  const hasText = rows.some((r) => r.measures?.some((m) => m.kind === 'text'));
  const path = ['sections', si];
  guesses.push({ path: [...path, 'title'], text: 'tên ngắn của mục, lấy từ nội dung dòng' });
  guesses.push({ path: [...path, 'question'], text: 'câu hỏi Có/Không mở đầu mục trên biểu mẫu' });
  if (hasText) {
    guesses.push({
      path: [...path, 'note'],
      text: 'mục hỏi một đoạn chữ, nên không hỏi thêm ghi chú',
    });
  }
  return {
    id: g.id,
    title: g.head.label,
    question: `Đơn vị có nội dung «${g.head.label}» để báo cáo không?`,
    rows,
    ...(hasText ? { note: false } : {}),
  };
}

const rowIndex = (g: Grouped, id: string) => 1 + g.subs.findIndex((s) => s.id === id);

/** A row the form asks: its measures come from its unit; no unit and no sub-rows is free text. */
function leafRow(
  id: string,
  stt: string,
  row: BodyRow,
  read: ReadUnit,
  guesses: DraftMark[],
  path: (string | number)[],
): RowInput {
  const reading = read(row.unit);
  const base = { id, stt, label: row.label, unit: row.unit };
  if (reading.measures.length === 0) {
    guesses.push({
      path: [...path, 'measures'],
      text: 'dòng không có đơn vị tính: đơn vị trả lời bằng một đoạn chữ',
    });
    return { ...base, measures: [{ kind: 'text', label: 'Nội dung' }] };
  }
  if (reading.guess) guesses.push({ path: [...path, 'measures'], text: reading.guess });
  const measures: MeasureInput[] = reading.measures.map((m) =>
    reading.district ? { ...m, aggregate: 'district' } : { ...m },
  );
  return { ...base, measures };
}

/**
 * A row with sub-rows: the sum of their figures of its unit's kind ("lớp" over "lớp/người"), or,
 * with no unit, the sum when every sub-row has the same unit ("Kinh phí" over two "đồng"), or a
 * heading that asks nothing when their units differ.
 */
function parentRow(
  id: string,
  row: BodyRow,
  leaves: RowInput[],
  read: ReadUnit,
  guesses: DraftMark[],
  undecided: string[],
  path: (string | number)[],
): RowInput {
  const base = { id, stt: row.stt, label: row.label, unit: row.unit };
  const asked = leaves.filter((l) => l.measures?.every((m) => m.aggregate !== 'district'));
  const having = (kind: MeasureKind) =>
    asked.filter((l) => l.measures?.some((m) => m.kind === kind)).map((l) => `${l.id}.${kind}`);
  const reading = read(row.unit);
  let wanted = reading.measures;
  if (wanted.length === 0) {
    const units = new Set(leaves.map((l) => l.unit.toLowerCase()));
    const [only] = units;
    const kinds = read(leaves[0]?.unit ?? '').measures;
    if (units.size !== 1 || !only || kinds.length === 0) return base;
    wanted = kinds.map((m) => ({
      kind: m.kind,
      label:
        m.kind === 'amount' && row.label.length <= 30
          ? `Tổng ${lowerFirst(row.label)} (đồng)`
          : `Tổng ${lowerFirst(m.label)}`,
    }));
  }
  const sums = wanted.map((m) => ({ ...m, sumOf: having(m.kind) }));
  if (sums.some((m) => m.sumOf.length === 0)) {
    undecided.push(
      `Dòng ${row.line} "${row.label}" (đơn vị "${row.unit}"): các dòng con không có số cùng loại để cộng; biểu mẫu sẽ hỏi riêng số của dòng này.`,
    );
    return { ...base, measures: reading.measures.map((m) => ({ ...m })) };
  }
  guesses.push({
    path: [...path, 'computed'],
    text: `dòng tổng: bằng tổng các dòng con (${sums.map((m) => `${m.sumOf.length} số "${m.label}"`).join(', ')}), không hỏi đơn vị`,
  });
  return { ...base, computed: true, measures: sums };
}
