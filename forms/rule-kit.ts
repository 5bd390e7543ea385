// Builders for the validation rules most campaigns share, so a definition lists them as data.
import { formatNumber } from './format.ts';
import type { CampaignInput, Condition, MeasureKind } from './schema.ts';

type RuleInput = CampaignInput['rules'][number];
type SectionInput = CampaignInput['sections'][number];
interface RowLike {
  id: string;
  computed?: boolean | undefined;
  measures?:
    | {
        kind: MeasureKind;
        label: string;
        sumOf?: string[] | undefined;
        aggregate?: 'sum' | 'district' | 'count-yes' | undefined;
      }[]
    | undefined;
}

/** What the form asks of a unit: rules about one unit read only these. */
const asked = (row: RowLike) =>
  row.computed
    ? []
    : (row.measures ?? []).filter((m) => m.sumOf === undefined && (m.aggregate ?? 'sum') === 'sum');
const gt0 = (id: string): Condition => ({ op: '>', left: { m: id }, right: { const: 0 } });

/**
 * For rows with both a count (classes, contests) and people: each needs the other (errors),
 * and fewer people than classes is flagged (warning).
 */
export function countPeopleRules(rows: readonly RowLike[]): RuleInput[] {
  return rows.flatMap((row) => {
    const kinds = asked(row);
    const count = kinds.find((m) => m.kind === 'count');
    if (!count || !kinds.some((m) => m.kind === 'people')) return [];
    const c = `${row.id}.count`;
    const p = `${row.id}.people`;
    const what = count.label.toLowerCase();
    return [
      {
        id: `r${row.id}.count-needs-people`.replaceAll('.', '-'),
        severity: 'error',
        row: row.id,
        when: gt0(c),
        assert: gt0(p),
        message: `{row}: ${what} là {value:${c}} nhưng số người tham gia là 0 hoặc để trống. Hãy nhập số người tham gia, hoặc sửa ${what} về 0.`,
      },
      {
        id: `r${row.id}.people-needs-count`.replaceAll('.', '-'),
        severity: 'error',
        row: row.id,
        when: gt0(p),
        assert: gt0(c),
        message: `{row}: có {value:${p}} người tham gia nhưng ${what} là 0 hoặc để trống. Hãy nhập ${what}.`,
      },
      {
        id: `r${row.id}.people-below-count`.replaceAll('.', '-'),
        severity: 'warning',
        row: row.id,
        when: { all: [gt0(c), gt0(p)] },
        assert: { op: '>=', left: { m: p }, right: { m: c } },
        message: `{row}: số người tham gia ({value:${p}}) ít hơn ${what} ({value:${c}}). Hãy kiểm tra lại.`,
      },
    ] satisfies RuleInput[];
  });
}

/**
 * Flags one unit's value above a plausible maximum. Keys are "<row id>.<kind>" where the row
 * id may end in "*" for every sub-row of a section ("1.*.people").
 */
export function plausibleMaxRules(
  rows: readonly RowLike[],
  maxima: Record<string, number>,
): RuleInput[] {
  const patterns = Object.entries(maxima).map(([key, max]) => {
    const cut = key.lastIndexOf('.');
    const rowPattern = key.slice(0, cut);
    const kind = key.slice(cut + 1);
    const matches = rowPattern.endsWith('.*')
      ? (id: string) => id.startsWith(rowPattern.slice(0, -1))
      : (id: string) => id === rowPattern;
    return { kind, max, matches };
  });
  return rows.flatMap((row) =>
    asked(row).flatMap((m) => {
      const limit = patterns.find((p) => p.kind === m.kind && p.matches(row.id));
      if (!limit) return [];
      const id = `${row.id}.${m.kind}`;
      return [
        {
          id: `r${row.id}.${m.kind}-plausible`.replaceAll('.', '-'),
          severity: 'warning',
          row: row.id,
          assert: { op: '<=', left: { m: id }, right: { const: limit.max } },
          message: `{row}: ${m.label.toLowerCase()} {value:${id}} lớn bất thường (trên ${formatNumber(limit.max)}). Hãy kiểm tra xem có gõ thừa số 0 không.`,
        } satisfies RuleInput,
      ];
    }),
  );
}

/** A section answered "Có" whose numbers are all zero or blank is most likely unfinished. */
export function sectionAnsweredYesRules(sections: readonly SectionInput[]): RuleInput[] {
  return sections.flatMap((section) => {
    const ids = section.rows.flatMap((row) =>
      asked(row)
        .filter((m) => m.kind !== 'text')
        .map((m) => `${row.id}.${m.kind}`),
    );
    if (ids.length === 0) return [];
    return [
      {
        id: `s${section.id}.yes-but-all-zero`,
        severity: 'warning',
        row: section.rows[0]?.id ?? section.id,
        when: { did: section.id },
        assert: { op: '>', left: { sum: ids.map((m) => ({ m })) }, right: { const: 0 } },
        message: `{row}: đơn vị chọn "Có" nhưng mọi số liệu của mục ${section.id} đều bằng 0 hoặc để trống. Hãy nhập số liệu, hoặc chọn "Không".`,
      } satisfies RuleInput,
    ];
  });
}
