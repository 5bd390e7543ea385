// One submission checked end to end: parsed, validated by the campaign's rules, split by severity.
import type { Campaign } from '../../forms/campaign.ts';
import { type Finding, parseSubmission, type RawSubmission, type UnitReport } from './parse.ts';
import { checkRules } from './rules.ts';

export interface CheckedSubmission {
  report: UnitReport;
  errors: Finding[];
  warnings: Finding[];
  ignored: string[];
}

export function checkSubmission(campaign: Campaign, raw: RawSubmission): CheckedSubmission {
  const { report, findings, ignored } = parseSubmission(campaign, raw);
  const parseErrors = findings.filter((f) => f.severity === 'error');
  // Rules compare values; when a value could not be read, its rules would only repeat that error.
  const unreadable = new Set(parseErrors.flatMap((f) => (f.rowId ? [f.rowId] : [])));
  const ruleFindings = checkRules(campaign, report).filter(
    (f) => !(f.rowId && unreadable.has(f.rowId)),
  );
  const all = [...findings, ...ruleFindings];
  return {
    report,
    errors: all.filter((f) => f.severity === 'error'),
    warnings: all.filter((f) => f.severity === 'warning'),
    ignored,
  };
}
