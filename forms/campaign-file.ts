// A campaign file (campaign.yaml, or JSON, which YAML reads too): parsed, checked, its problems named by line and column in Vietnamese.
import { isMap, isNode, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { CampaignDefinitionError, loadCampaign } from './campaign.ts';
import { PermanentError } from './errors.ts';
import type { CampaignInput } from './schema.ts';

/** What a campaign file holds: the definition without its units (they are units.csv beside it). */
export type CampaignFileDefinition = Omit<CampaignInput, 'units'>;

export interface FileProblem {
  line: number;
  col: number;
  message: string;
}

/** A campaign file that cannot be used; the message lists each problem as "tệp dòng L, cột C: …". */
export class CampaignFileError extends PermanentError {
  constructor(
    readonly file: string,
    readonly problems: readonly FileProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      `Tệp đợt báo cáo ${file} có ${problems.length} lỗi:\n${problems
        .map((p) => `  ${file} dòng ${p.line}, cột ${p.col}: ${p.message}`)
        .join('\n')}`,
      options,
    );
  }
}

/** The yaml library's syntax errors, by code, as a coordinator would understand them. */
const SYNTAX: Record<string, string> = {
  BAD_INDENT: 'thụt lề không đúng: các trường cùng cấp phải thẳng cột, dùng dấu cách',
  TAB_AS_INDENT: 'thụt lề bằng phím Tab: YAML chỉ nhận dấu cách',
  DUPLICATE_KEY: 'trường này đã có ở trên (mỗi trường chỉ viết một lần)',
  MISSING_CHAR: 'thiếu dấu đóng (ngoặc hoặc dấu nháy)',
  UNEXPECTED_TOKEN: 'có ký tự không đúng chỗ',
  MULTILINE_IMPLICIT_KEY: 'tên trường không được xuống dòng; có thể thiếu dấu ":" ở dòng trên',
  BLOCK_AS_IMPLICIT_KEY: 'tên trường không đúng: có thể thiếu dấu ":" hoặc thụt lề sai',
  BAD_DQ_ESCAPE: 'ký tự thoát "\\" không hợp lệ trong chuỗi có dấu nháy kép',
  MULTIPLE_DOCS: 'tệp chỉ chứa một định nghĩa (bỏ dòng "---" thứ hai)',
  BAD_SCALAR_START: 'giá trị không được bắt đầu bằng ký tự này: hãy đặt trong dấu nháy',
  BAD_ALIAS: 'tham chiếu (*) không có neo (&) tương ứng',
};

type Path = readonly (string | number)[];

/**
 * Where a field of the definition is written: the node at `parts`, or (a missing field) the
 * nearest enclosing one; with `key`, the key itself (a field the format does not have).
 */
function offsetOf(root: Node | null, parts: Path, key?: string): number {
  let node: unknown = root;
  let offset = root?.range?.[0] ?? 0;
  for (const part of key === undefined ? parts : [...parts, key]) {
    if (!isNode(node) || !('items' in node) || !Array.isArray(node.items)) break;
    const items: unknown[] = node.items;
    let next: unknown;
    if (typeof part === 'number') next = items[part];
    else {
      const pair = items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part);
      if (isPair(pair)) {
        if (part === key && isNode(pair.key)) return pair.key.range?.[0] ?? offset;
        next = pair.value;
      }
    }
    if (!isNode(next)) break;
    node = next;
    offset = next.range?.[0] ?? offset;
  }
  return offset;
}

/**
 * Parses and checks a campaign file's text; `file` names it in the messages ("campaign.yaml").
 * With `expect.id`, the file must be that campaign's (its folder is named by the id).
 */
export function parseCampaignFile(
  text: string,
  file: string,
  expect: { id?: string } = {},
): CampaignFileDefinition {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, message: string): FileProblem => ({
    ...lineCounter.linePos(offset),
    message,
  });
  if (doc.errors.length > 0) {
    throw new CampaignFileError(
      file,
      doc.errors.map((e) =>
        at(e.pos[0], SYNTAX[e.code] ?? `lỗi cú pháp YAML (${e.code}): ${e.message.split('\n')[0]}`),
      ),
    );
  }
  const data: unknown = doc.toJS();
  if (!isMap(doc.contents) || typeof data !== 'object' || data === null) {
    throw new CampaignFileError(file, [
      at(0, 'tệp phải là một nhóm trường (id:, title:, sections: …)'),
    ]);
  }
  const problems: FileProblem[] = [];
  if ('units' in data) {
    problems.push(
      at(
        offsetOf(doc.contents, [], 'units'),
        'danh sách đơn vị không nằm trong tệp đợt báo cáo mà ở units.csv bên cạnh',
      ),
    );
  }
  if (expect.id !== undefined && 'id' in data && data.id !== expect.id) {
    problems.push(
      at(
        offsetOf(doc.contents, ['id']),
        `mã đợt «${String(data.id)}» khác tên thư mục «${expect.id}»: thư mục phải mang đúng mã đợt`,
      ),
    );
  }
  try {
    loadCampaign({ ...data, units: [] });
  } catch (error) {
    if (!(error instanceof CampaignDefinitionError)) throw error;
    for (const issue of error.issues) {
      const where = issue.path === '(root)' ? '' : `${issue.path}: `;
      problems.push(at(offsetOf(doc.contents, issue.parts, issue.key), `${where}${issue.message}`));
    }
    throw new CampaignFileError(file, problems, { cause: error });
  }
  if (problems.length > 0) throw new CampaignFileError(file, problems);
  return data as CampaignFileDefinition;
}
