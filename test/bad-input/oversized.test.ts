// Bad input, oversized answers: a megabyte in a text, note, contact, album or email field gets a clear outcome and never fills a cell past its limit.
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../forms/format.ts';
import { MAX_CONTACT_LENGTH, MAX_TEXT_LENGTH } from '../../functions/core/parse.ts';
import { sheetLayout, TAB } from '../../functions/sheet/layout.ts';
import { planBatch } from '../../functions/sheet/plan.ts';
import {
  campaign,
  decideFromUnitA,
  emptyState,
  expectNoFormula,
  expectPlaced,
  withPayload,
} from '../../testing/decisions.ts';
import { linkOf, localModeAround, readTab } from '../../testing/local-mode.ts';
import { submit } from '../../testing/respondent.ts';

describe('a 1 MB answer', () => {
  const MB = 1 << 20;
  const huge1 = 'Tổ chức triển lãm sách. '.repeat(Math.ceil(MB / 24)).slice(0, MB);

  it("in a text field, a note or a contact field: rejects the report with the limit named, and plans nothing past a cell's limit", () => {
    for (const field of [
      '11.text',
      '1.note',
      'contact.name',
      'contact.position',
      'contact.phone',
    ]) {
      const { raw } = withPayload(field, huge1);
      const d = decideFromUnitA(raw, 4);
      expect(d.outcome.kind).toBe('rejected');
      const errors = d.outcome.checked.errors;
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expectPlaced(e);
      // The length is checked before the text is kept anywhere, and the message names the limit.
      const limit = field.startsWith('contact.')
        ? `dài quá ${formatNumber(MAX_CONTACT_LENGTH)} ký tự`
        : `vượt quá ${formatNumber(MAX_TEXT_LENGTH)} ký tự`;
      expect(errors.map((e) => e.message).join('\n')).toContain(limit);
      const layout = sheetLayout(campaign);
      const plan = planBatch(
        campaign,
        layout,
        emptyState(campaign, layout),
        [d],
        undefined,
        new Date(),
        'b',
      );
      expectNoFormula(plan.requests);
    }
  });

  it('in the album link or the email: accepts the report without them, warning with a short quote of each', () => {
    const { raw } = withPayload('album', `https://x.example/${'a'.repeat(MB)}`);
    raw.contact = { ...raw.contact, email: `${'a'.repeat(MB)}@x.example` };
    const d = decideFromUnitA(raw, 6);
    expect(d.outcome.kind).toBe('accepted');
    for (const w of d.outcome.checked.warnings) expectPlaced(w);
    expect(d.outcome.checked.report.albumUrl).toBeNull();
    expect(d.outcome.checked.report.contact.email).toBeNull();
  });
});

describe('a megabyte typed in the form, through local mode', () => {
  const started = localModeAround();

  it('sends the unit a rejection of a sane size, marks it "Cần sửa", and nothing crashes', async () => {
    const local = started();
    const unitId = 'p-phu-my';
    // The respondent page takes a body up to 1 MiB, as a browser would post it.
    const big = 'To chuc trien lam sach. '.repeat(41_600);
    await submit(local.campaign, linkOf(local, unitId), {
      answers: { '2.count': '3', '11.text': big },
    });
    await local.standIns.forms.flushDeliveries();
    const report = await local.runtime.sync('manual');
    expect(report.mails.failed).toBe(0);
    const mail = local.standIns.mail
      .messages()
      .find((m) => m.envelope.to.includes(`${unitId}@donvi.example`));
    expect(mail?.text).toMatch(/vượt quá 5\.000 ký tự/);
    expect(mail?.size ?? 0).toBeLessThan(200_000);
    const layout = sheetLayout(local.campaign);
    const row = (await readTab(local, TAB.progress)).find((r) => r[0] === unitId);
    expect(row?.[layout.progress.col.status]).toBe('Cần sửa');
  }, 30_000);
});
