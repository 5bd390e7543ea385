// Writes a campaign draft as a YAML file whose comments mark every guess and every blank to fill.
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { CampaignDraft, DraftColumn } from './draft.ts';
import type { DraftMark } from './sections.ts';

const KIND_NAMES: Record<string, string> = {
  count: 'số đếm',
  people: 'số người',
  amount: 'số tiền',
  text: 'chữ',
};

const describeColumn = (c: DraftColumn) =>
  `${c.group ? `${c.group} › ` : ''}${c.header}${c.kinds.length ? ` (${c.kinds.map((k) => KIND_NAMES[k]).join(', ')})` : ''}`;

/** Adds a comment line above the node a path names (a map's key, a list's item, or the file). */
export function mark(doc: Document, path: (string | number)[], line: string): void {
  const add = (node: { commentBefore?: string | null }) => {
    node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${line}` : line;
  };
  const last = path.at(-1);
  const parent =
    last === undefined
      ? undefined
      : path.length === 1
        ? doc.contents
        : doc.getIn(path.slice(0, -1), true);
  const pair = isMap(parent)
    ? parent.items.find((p) => isScalar(p.key) && p.key.value === last)
    : undefined;
  const item = isSeq(parent) && typeof last === 'number' ? (parent.items[last] as Node) : undefined;
  add(pair && isScalar(pair.key) ? pair.key : (item ?? doc));
}

export function draftYaml(draft: CampaignDraft): string {
  const doc = new Document(draft.campaign);
  doc.commentBefore = [
    ' Bản nháp đợt báo cáo, soạn từ bảng phụ lục của kế hoạch (baocao new --from).',
    ' "ĐOÁN:" là chỗ máy đoán từ bảng, hãy xác nhận; "CẦN ĐIỀN:" là chỗ bảng không có, hãy điền.',
    ' Xóa dòng chú thích khi đã xác nhận. Danh sách đơn vị ghi ở units.csv (id,name,group,emails).',
    ' Các cột của bảng chính thức, theo bảng phụ lục:',
    ...draft.columns.map((c) => `   ${describeColumn(c)}`),
  ].join('\n');
  const marks = (list: DraftMark[], tag: string) => {
    for (const m of list) mark(doc, m.path, ` ${tag}: ${m.text}`);
  };
  marks(draft.toFill, 'CẦN ĐIỀN');
  marks(draft.guesses, 'ĐOÁN');
  return doc.toString({ lineWidth: 0 });
}
