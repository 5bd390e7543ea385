// Evaluates a campaign's validation rules (data) against one unit's report.
import { type Campaign, rowName } from '../../forms/campaign.ts';
import { formatNumber } from '../../forms/format.ts';
import type { Condition, Expr, Rule } from '../../forms/schema.ts';
import type { Finding, UnitReport } from './parse.ts';
import { unitValues } from './totals.ts';

type Values = Readonly<Record<string, number>>;

function evalExpr(e: Expr, values: Values): number {
  if ('m' in e) return values[e.m] ?? 0;
  if ('const' in e) return e.const;
  return e.sum.reduce((acc, x) => acc + evalExpr(x, values), 0);
}

function holds(c: Condition, values: Values, report: UnitReport): boolean {
  if ('op' in c) {
    const l = evalExpr(c.left, values);
    const r = evalExpr(c.right, values);
    switch (c.op) {
      case '>':
        return l > r;
      case '>=':
        return l >= r;
      case '<':
        return l < r;
      case '<=':
        return l <= r;
      case '==':
        return l === r;
      case '!=':
        return l !== r;
    }
  }
  if ('all' in c) return c.all.every((x) => holds(x, values, report));
  if ('any' in c) return c.any.some((x) => holds(x, values, report));
  if ('not' in c) return !holds(c.not, values, report);
  return report.activities[c.did] === true;
}

function render(rule: Rule, campaign: Campaign, values: Values): string {
  const row = campaign.row(rule.row);
  return rule.message
    .replaceAll('{row}', row ? rowName(row) : `Dòng ${rule.row}`)
    .replace(/\{value:([^}]+)\}/g, (_, id: string) => formatNumber(values[id] ?? 0));
}

/** Every rule that fires, as findings; blank values count as 0, computed totals are available. */
export function checkRules(campaign: Campaign, report: UnitReport): Finding[] {
  const values = unitValues(campaign, report.values);
  return campaign.rules
    .filter((rule) => (rule.when ? holds(rule.when, values, report) : true))
    .filter((rule) => !holds(rule.assert, values, report))
    .map((rule) => ({
      severity: rule.severity,
      code: 'rule',
      ruleId: rule.id,
      rowId: rule.row,
      message: render(rule, campaign, values),
    }));
}
