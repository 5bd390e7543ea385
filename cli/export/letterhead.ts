// What the printed table's letterhead and signature block say (Nghị định 30/2020/NĐ-CP), for the district or a unit.
import type { Campaign } from '../../forms/campaign.ts';
import { localParts } from '../../forms/format.ts';
import type { Unit } from '../../forms/schema.ts';

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const SIGN_HINT = '(Ký, ghi rõ họ tên, đóng dấu)';

export interface Letterhead {
  /** The governing body, in capitals, regular weight; absent when the issuing body stands alone. */
  governing?: string;
  /** The issuing body, bold capitals, with the short rule under it. */
  body: string;
  /** "Quận 7, ngày 08 tháng 10 năm 2021". */
  dateLine: string;
  /** Lines of the signature block, top to bottom, before the space for the signature. */
  signer: { authority?: string; title: string; name?: string };
}

/**
 * "Quận 7, ngày 08 tháng 10 năm 2021": days below 10 and the months January and February take a
 * leading zero (Nghị định 30/2020/NĐ-CP, so the date cannot be altered by hand); other months do not.
 */
export function dateLine(place: string | undefined, instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const month = Number(p.month);
  const date = `ngày ${p.day} tháng ${month <= 2 ? p.month : month} năm ${p.year}`;
  return place ? `${place}, ${date}` : date.replace(/^n/, 'N');
}

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

/** The district table: the plan's issuer over the office that compiles it. */
export function districtLetterhead(campaign: Campaign, madeAt: Date): Letterhead {
  const { document: doc, plan } = campaign;
  return {
    ...(doc.office
      ? { governing: plan.issuerHeader, body: doc.office }
      : { body: plan.issuerHeader }),
    dateLine: dateLine(doc.place, madeAt, campaign.timezone),
    signer: doc.signer,
  };
}

/** A unit's own table: the unit issues it, under its group's governing body. */
export function unitLetterhead(campaign: Campaign, unit: Unit, madeAt: Date): Letterhead {
  const doc = campaign.document;
  return {
    governing: campaign.group(unit.group)?.governingBody ?? campaign.plan.issuerHeader,
    body: upper(unit.name),
    dateLine: dateLine(doc.place, madeAt, campaign.timezone),
    signer: doc.unitSigner,
  };
}
