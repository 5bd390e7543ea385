import { describe, expect, it } from 'vitest';
import { campaignDefinition } from '../../campaigns/index.ts';
import { loadCampaign } from '../../forms/campaign.ts';
import { dateLine, districtLetterhead, unitLetterhead } from './letterhead.ts';

const TZ = 'Asia/Ho_Chi_Minh';
// 09:00 in Hồ Chí Minh City is 02:00 UTC.
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const definition = () => structuredClone({ ...campaignDefinition('q7-htsd-2021'), units: [] });

describe('the place-and-date line', () => {
  it.each([
    ['2021-10-08', 'Quận 7, ngày 08 tháng 10 năm 2021'],
    ['2021-10-17', 'Quận 7, ngày 17 tháng 10 năm 2021'],
    // Nghị định 30: a zero before days below 10 and the months January and February only.
    ['2022-01-05', 'Quận 7, ngày 05 tháng 01 năm 2022'],
    ['2022-02-28', 'Quận 7, ngày 28 tháng 02 năm 2022'],
    ['2021-09-27', 'Quận 7, ngày 27 tháng 9 năm 2021'],
  ])('writes %s as «%s»', (date, expected) => {
    expect(dateLine('Quận 7', at(date), TZ)).toBe(expected);
  });

  it('takes the date where the campaign is, not where the machine is', () => {
    // 20:00 UTC on the 7th is already the 8th in Hồ Chí Minh City.
    expect(dateLine('Quận 7', new Date('2021-10-07T20:00:00Z'), TZ)).toBe(
      'Quận 7, ngày 08 tháng 10 năm 2021',
    );
  });

  it('starts with a capital when the definition names no place', () => {
    expect(dateLine(undefined, at('2021-10-08'), TZ)).toBe('Ngày 08 tháng 10 năm 2021');
  });
});

describe('the letterhead from the campaign definition', () => {
  it("puts the plan's issuer over the office for the district, and the office's head signs", () => {
    const head = districtLetterhead(loadCampaign(definition()), at('2021-10-08'));
    expect(head).toEqual({
      governing: 'ỦY BAN NHÂN DÂN QUẬN 7',
      body: 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO',
      dateLine: 'Quận 7, ngày 08 tháng 10 năm 2021',
      signer: { title: 'TRƯỞNG PHÒNG' },
    });
  });

  it("makes the unit the issuing body of its own table, under its group's governing body", () => {
    const d = definition();
    d.groups = d.groups.map((g) =>
      g.id === 'phuong' ? { ...g, governingBody: 'ỦY BAN NHÂN DÂN THÀNH PHỐ THỦ ĐỨC' } : g,
    );
    const campaign = loadCampaign(d);
    const ward = { id: 'p-x', name: 'UBND Phường Tân Phong', group: 'phuong', emails: [] };
    const school = {
      id: 's-x',
      name: 'Trường THCS Nguyễn Hữu Thọ',
      group: 'co-so-giao-duc',
      emails: [],
    };
    expect(unitLetterhead(campaign, ward, at('2021-10-08'))).toMatchObject({
      governing: 'ỦY BAN NHÂN DÂN THÀNH PHỐ THỦ ĐỨC',
      body: 'UBND PHƯỜNG TÂN PHONG',
      signer: { title: 'THỦ TRƯỞNG ĐƠN VỊ' },
    });
    expect(unitLetterhead(campaign, school, at('2021-10-08'))).toMatchObject({
      governing: 'ỦY BAN NHÂN DÂN QUẬN 7',
      body: 'TRƯỜNG THCS NGUYỄN HỮU THỌ',
    });
  });

  it('falls back to the issuer alone and the head of unit when the definition says nothing', () => {
    const { document: _omitted, ...d } = definition();
    const head = districtLetterhead(loadCampaign(d), at('2021-10-08'));
    expect(head).toEqual({
      body: 'ỦY BAN NHÂN DÂN QUẬN 7',
      dateLine: 'Ngày 08 tháng 10 năm 2021',
      signer: { title: 'THỦ TRƯỞNG ĐƠN VỊ' },
    });
  });
});
