// Brings an existing Google Form up to its campaign without deleting or moving anything.
import type { Campaign } from './campaign.ts';
import { FormIdCollisionError, NO, type Planned, plan } from './form-builder.ts';
import type { ExistingItem, FormOption, FormRequest } from './form-types.ts';

const lower = (id: string | null | undefined) => (id ?? '').toLowerCase();

/** The "Không" option's target, the only navigation the builder sets. */
const skipTarget = (options: readonly { value?: string | null; goToSectionId?: string | null }[]) =>
  lower(options.find((o) => o.value === NO)?.goToSectionId);

/**
 * The requests that bring an existing form up to the campaign: missing items are created after
 * the item that precedes them in the campaign's order, new units are appended to the unit list,
 * and a "Không" that must now skip to a new section is re-pointed. Nothing is deleted or moved:
 * items a coordinator added, and options of units since removed, stay where they are.
 */
export function planFormUpdate(
  campaign: Campaign,
  existingItems: readonly ExistingItem[],
): FormRequest[] {
  const desired = plan(campaign);
  // The form as it will be after each request, to give every request its index at that time.
  const current: ExistingItem[] = [...existingItems];
  const indexOf = (p: Planned) => {
    const itemId = p.item.itemId;
    const questionId = p.item.questionItem?.question.questionId;
    return current.findIndex(
      (e) =>
        lower(e.itemId) === itemId ||
        (questionId !== undefined && lower(e.questionItem?.question?.questionId) === questionId),
    );
  };

  const taken = new Set<string>();
  for (const e of existingItems) {
    taken.add(lower(e.itemId));
    taken.add(lower(e.questionItem?.question?.questionId));
  }

  const requests: FormRequest[] = [];
  let cursor = 0;
  for (const p of desired) {
    const at = indexOf(p);
    if (at >= 0) {
      cursor = Math.max(cursor, at + 1);
      continue;
    }
    const q = p.item.questionItem?.question;
    for (const [id, what] of [
      [p.item.itemId, 'item'],
      [q?.questionId, 'question'],
    ] as const) {
      if (id !== undefined && taken.has(id)) {
        throw new FormIdCollisionError(id, [`existing item of the form`, `${what}/${p.key}`]);
      }
    }
    requests.push({ createItem: { item: p.item, location: { index: cursor } } });
    current.splice(cursor, 0, p.item);
    cursor += 1;
  }

  // Option updates go after the creates: a new section's page must exist before "Không" points to it.
  for (const p of desired) {
    const want = p.item.questionItem?.question.choiceQuestion;
    if (!want || !p.ref) continue;
    const at = indexOf(p);
    const have = current[at]?.questionItem?.question?.choiceQuestion?.options ?? [];
    let options: FormOption[] | undefined;
    if (p.ref.kind === 'unit') {
      const present = new Set(have.map((o) => o.value));
      const missing = want.options.filter((o) => !present.has(o.value));
      if (missing.length > 0) {
        options = [...have.flatMap((o) => (o.value ? [{ value: o.value }] : [])), ...missing];
      }
    } else if (p.ref.kind === 'activity' && skipTarget(have) !== skipTarget(want.options)) {
      options = want.options;
    }
    if (options) {
      requests.push({
        updateItem: {
          item: { questionItem: { question: { choiceQuestion: { type: want.type, options } } } },
          location: { index: at },
          updateMask: 'questionItem.question.choiceQuestion.options',
        },
      });
    }
  }
  return requests;
}
