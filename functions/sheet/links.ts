// Personal links a warm instance derives (form address, unit name, code) instead of reading the hidden "Liên kết" tab each run.

import type { Campaign } from '../../forms/campaign.ts';
import { personalLink } from '../../forms/form-builder.ts';
import type { Unit } from '../../forms/schema.ts';
import { unitToken } from '../core/token.ts';

/** What setup puts after the form's address in every personal link (forms/form-builder.ts). */
const PREFILL_MARK = 'usp=pp_url';

/**
 * "Liên kết" holds, for 3,000 units, about 700 KB: most of what a lone response's read cost.
 * Every link there is the form's address with the unit's name and its code, which the secret
 * gives. A whole read of the tab teaches the address, kept only if it rebuilds every link read
 * exactly; later reads take the tab's first row alone, and start over whole if that row is no
 * longer the link derived for its unit (a new form, a secret changed under a running instance).
 *
 * A unit renamed by hand in "Tiến độ" after setup gets a link with its new name: sync matches
 * a response's unit by the name as "Tiến độ" has it now, so the link setup wrote with the old
 * name would no longer match, and the derived one does.
 */
export class DerivedLinks {
  private base: string | undefined;

  constructor(private readonly secret: string) {}

  /** Whether a read can take the tab's first row instead of the whole tab. */
  get known(): boolean {
    return this.base !== undefined;
  }

  forget(): void {
    this.base = undefined;
  }

  /** The unit's personal link; '' until the form's address is known. */
  linkOf(campaign: Campaign, unit: Pick<Unit, 'id' | 'name'>): string {
    if (this.base === undefined) return '';
    return personalLink(this.base, campaign, unit, unitToken(this.secret, campaign.id, unit.id));
  }

  /**
   * From the units as "Tiến độ" lists them, each with its link as the tab read whole holds it:
   * the form's address, if it rebuilds every unit's link as read. A sheet where one differs (a name
   * edited since setup, a link written by another release) keeps being read whole.
   */
  learn(campaign: Campaign, rows: Iterable<{ unit: Unit; link: string }>): void {
    this.base = undefined;
    const all = [...rows];
    const sample = all[0]?.link ?? '';
    const at = sample.indexOf(PREFILL_MARK);
    if (at < 1) return;
    this.base = sample.slice(0, at - 1);
    if (!all.every((r) => this.linkOf(campaign, r.unit) === r.link)) this.base = undefined;
  }

  /** Whether the tab's first row, as read now, is still the link derived for its unit. */
  holds(campaign: Campaign, units: readonly Unit[], firstRow: readonly unknown[]): boolean {
    const id = String(firstRow[0] ?? '').trim();
    const unit = units.find((u) => u.id === id);
    return unit !== undefined && this.linkOf(campaign, unit) === String(firstRow[1] ?? '').trim();
  }
}
