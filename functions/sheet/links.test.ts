// Personal links derived from the form's address, the unit's name and its code: used only where they rebuild what setup wrote.
import { describe, expect, it } from 'vitest';
import { personalLink } from '../../forms/form-builder.ts';
import { q7 } from '../../testing/submissions.ts';
import { unitToken } from '../core/token.ts';
import { DerivedLinks } from './links.ts';

const campaign = q7();
const SECRET = 'a-test-secret-of-at-least-32-characters';
const RESPONDER = `https://docs.google.com/forms/d/e/1FAIpQLS${'x'.repeat(48)}/viewform`;
/** What setup writes in "Liên kết" for each unit. */
const written = campaign.units.map((unit) => ({
  unit,
  link: personalLink(RESPONDER, campaign, unit, unitToken(SECRET, campaign.id, unit.id)),
}));

describe('links a warm sync instance derives instead of reading "Liên kết"', () => {
  it('rebuilds every link setup wrote once it has seen them all', () => {
    const links = new DerivedLinks(SECRET);
    links.learn(campaign, written);
    expect(links.known).toBe(true);
    for (const { unit, link } of written) expect(links.linkOf(campaign, unit)).toBe(link);
  });

  it.each([
    ['a name edited in "Tiến độ" since setup', (i: number) => i === 3, 'Trường đổi tên'],
    ['a link written under another form', (i: number) => i === 0, undefined],
  ])('keeps reading the tab whole when one link differs: %s', (_, differs, renamed) => {
    const links = new DerivedLinks(SECRET);
    links.learn(
      campaign,
      written.map(({ unit, link }, i) =>
        differs(i)
          ? renamed
            ? { unit: { ...unit, name: renamed }, link }
            : { unit, link: link.replace('/viewform', '/other/viewform') }
          : { unit, link },
      ),
    );
    expect(links.known).toBe(false);
    expect(links.linkOf(campaign, { id: 'p-tan-kieng', name: 'UBND Phường Tân Kiểng' })).toBe('');
  });

  it('no longer holds once the first row is not the link derived for its unit', () => {
    const links = new DerivedLinks(SECRET);
    links.learn(campaign, written);
    const first = written[0];
    expect(links.holds(campaign, campaign.units, [first?.unit.id, first?.link])).toBe(true);
    expect(
      links.holds(campaign, campaign.units, [first?.unit.id, `${first?.link.slice(0, -1)}X`]),
    ).toBe(false);
    expect(links.holds(campaign, campaign.units, ['not-a-unit', first?.link])).toBe(false);
  });

  it('learns nothing from a sheet without links', () => {
    const links = new DerivedLinks(SECRET);
    links.learn(campaign, []);
    expect(links.known).toBe(false);
  });
});
