// Units as a tree (Sở → phường/xã → trường) and their history (merged or renamed units), checked and walked.

/** What the tree needs of a unit: its id, its parent's, and the units it replaced. */
export interface TreeUnit {
  id: string;
  parent?: string | undefined;
  history?: { from: readonly string[]; on: string } | undefined;
}

/** A problem with one unit of the list, by its index, in Vietnamese. */
export interface UnitProblem {
  index: number;
  message: string;
}

/**
 * Parents that are unknown, the unit itself, or loop back: a loop would make a subtotal include
 * itself. Each loop is named once, at its first unit in the list.
 */
export function treeProblems(units: readonly TreeUnit[]): UnitProblem[] {
  const parentOf = new Map(units.map((u) => [u.id, u.parent]));
  const problems: UnitProblem[] = [];
  const inReportedLoop = new Set<string>();
  units.forEach((unit, index) => {
    if (unit.parent === undefined) return;
    if (unit.parent === unit.id) {
      problems.push({ index, message: `đơn vị «${unit.id}» không thể là cấp trên của chính nó` });
      return;
    }
    if (!parentOf.has(unit.parent)) {
      problems.push({
        index,
        message: `cấp trên «${unit.parent}» của đơn vị «${unit.id}» không có trong danh sách đơn vị`,
      });
      return;
    }
    if (inReportedLoop.has(unit.id)) return;
    const path = [unit.id];
    let at: string | undefined = unit.parent;
    while (at !== undefined && at !== unit.id && !path.includes(at)) {
      path.push(at);
      at = parentOf.get(at);
    }
    if (at === unit.id) {
      for (const id of path) inReportedLoop.add(id);
      problems.push({
        index,
        message: `cấp trên tạo thành vòng lặp: ${[...path, unit.id].map((id) => `«${id}»`).join(' → ')}; mỗi đơn vị chỉ thuộc một cấp trên và không vòng lại chính nó`,
      });
    }
  });
  return problems;
}

/**
 * An old unit that two new ones claim, or that is still a unit itself, would have its figures
 * counted twice when this year's table is set beside last year's.
 */
export function historyProblems(units: readonly TreeUnit[]): UnitProblem[] {
  const ids = new Set(units.map((u) => u.id));
  const claimedBy = new Map<string, string>();
  const problems: UnitProblem[] = [];
  units.forEach((unit, index) => {
    for (const old of unit.history?.from ?? []) {
      const other = claimedBy.get(old);
      if (other !== undefined && other !== unit.id) {
        problems.push({
          index,
          message: `đơn vị cũ «${old}» đã được ghi là tiền thân của «${other}»; một đơn vị cũ chỉ nhập vào một đơn vị mới`,
        });
      } else if (old !== unit.id && ids.has(old)) {
        problems.push({
          index,
          message: `tiền thân «${old}» của «${unit.id}» vẫn là một đơn vị trong danh sách; bỏ «${old}» khỏi danh sách hoặc khỏi cột tiền thân`,
        });
      }
      claimedBy.set(old, unit.id);
    }
  });
  return problems;
}

/** The unit and every unit below it, depth first in list order: whose figures its subtotal adds. */
export function unitsUnder(units: readonly TreeUnit[], id: string): string[] {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parent === undefined || u.parent === u.id) continue;
    children.set(u.parent, [...(children.get(u.parent) ?? []), u.id]);
  }
  const out: string[] = [];
  const visit = (at: string) => {
    if (out.includes(at)) return;
    out.push(at);
    for (const child of children.get(at) ?? []) visit(child);
  };
  visit(id);
  return out;
}

/** Which of today's units an old unit's figures belong to: itself if it still exists, its successor if merged or renamed. */
export function successorOf(units: readonly TreeUnit[]): (oldId: string) => string | undefined {
  const successor = new Map<string, string>();
  for (const u of units) successor.set(u.id, u.id);
  for (const u of units) for (const old of u.history?.from ?? []) successor.set(old, u.id);
  return (oldId) => successor.get(oldId);
}
