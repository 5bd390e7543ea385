// Shared by the mail tests: real models from the 2021 campaign, and the text a reader sees in HTML.

import { type CheckedSubmission, checkSubmission } from '../functions/core/check.ts';
import { receiptModel } from '../functions/core/receipt.ts';
import { localToInstant } from '../functions/core/time.ts';
import { districtTable } from '../functions/core/totals.ts';
import { q7, rawWith } from './submissions.ts';

export const campaign = q7();

export const checked = (answers: Record<string, string>): CheckedSubmission =>
  checkSubmission(campaign, rawWith(campaign, answers));

export const LINK = 'http://127.0.0.1:8080/forms/q7/viewform?entry.1=p-tan-phong&entry.2=abc';
export const SHEET = 'https://docs.google.com/spreadsheets/d/sheet-id/edit';
export const RECEIVED = new Date('2021-10-07T03:04:00Z'); // 10:04 in Hồ Chí Minh City

/** A first report and its correction: 1.2 people 3 → 150, and 1.500.000 đồng of budget. */
export function correctedReceipt(extra: Record<string, string> = {}) {
  const first = checked({ '1.2.count': '5', '1.2.people': '3', '10.1.amount': '1.500.000' });
  const second = checked({
    '1.2.count': '5',
    '1.2.people': '150',
    '10.1.amount': '1.500.000',
    '7.2.count': '200',
    ...extra,
  });
  return {
    first,
    second,
    model: receiptModel(campaign, second.report, second.warnings, first.report),
  };
}

/** A moment of the 2021 campaign, written as Hồ Chí Minh City's wall clock: "2021-10-10T08:00". */
export const localTime = (local: string): Date => localToInstant(local, campaign.timezone);

export function district() {
  const a = checked({ '1.2.count': '2', '1.2.people': '40', '10.1.amount': '1.500.000' });
  const b = checked({ '1.2.count': '3', '1.2.people': '60', '10.2.amount': '500.000' });
  return districtTable(campaign, [
    { unitId: 'p-tan-phong', report: a.report },
    { unitId: 'p-tan-hung', report: b.report },
  ]);
}

/** What a reader sees of an HTML body: tags dropped, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<br>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
