// One email rule: the campaign schema, the registry CSV, the sheet's email column and the mailer agree.
import { describe, expect, it } from 'vitest';
import { campaignDefinition } from '../campaigns/index.ts';
import { sheetLayout } from '../functions/sheet/layout.ts';
import { parseState } from '../functions/sheet/state.ts';
import { stateRangesOf } from '../testing/sheet-ranges.ts';
import { loadCampaign } from './campaign.ts';
import { isUsableEmail, recipients } from './email.ts';
import { parseRegistryCsv, RegistryError } from './registry.ts';

const REFUSED = [
  'nguyễn@pgd.edu.vn',
  'a..b@pgd.edu.vn',
  'x@host.123',
  '.a@pgd.vn',
  'a.@pgd.vn',
  'a@x',
  '@x.vn',
];
const ACCEPTED = ['pgd7@moet.edu.vn', 'nguyen.van.a+baocao@gmail.com', 'th-tan-phong@hcm.edu.vn'];

describe('an email address', () => {
  it.each(ACCEPTED)('accepts %s everywhere', (email) => {
    expect(isUsableEmail(email)).toBe(true);
    expect(recipients([email])).toEqual([email]);
  });

  it.each(REFUSED)(
    'refuses %s in the rule, the registry, the sheet and the mailer alike',
    (email) => {
      expect(isUsableEmail(email)).toBe(false);
      expect(recipients([email])).toEqual([]);
      const def = campaignDefinition('q7-htsd-2021');
      expect(() =>
        parseRegistryCsv(`id,name,group,emails\na,Tên,phuong,${email}\n`, def.groups),
      ).toThrow(RegistryError);
      expect(() =>
        loadCampaign({ ...def, coordinator: { ...def.coordinator, emails: [email] }, units: [] }),
      ).toThrow(/không phải địa chỉ thư dùng được/);
      const campaign = loadCampaign({ ...def, units: [] });
      const layout = sheetLayout(campaign);
      const state = parseState(
        campaign,
        layout,
        stateRangesOf(layout, {
          progress: [
            {
              id: 'p-a',
              name: 'Đơn vị A',
              group: campaign.groups[0]?.label ?? '',
              emails: `${email}; ok@x.vn`,
            },
          ],
          system: [['layoutVersion', '2']],
        }),
      );
      expect(state.progress.get('p-a')?.unit.emails).toEqual(['ok@x.vn']);
    },
  );
});
