// Reads the plan's letterhead (issuer, "Số: …", "<nơi>, ngày … tháng … năm …") when the whole plan was pasted above its table.

export interface PlanHeading {
  number?: string;
  /** YYYY-MM-DD */
  date?: string;
  issuerHeader?: string;
  issuer?: string;
  place?: string;
}

/** Nghị định 30/2020 puts the letterhead in the first lines; further down is the plan's text. */
const LETTERHEAD_LINES = 15;

const ISSUER =
  /^(ỦY BAN|UỶ BAN|UBND|SỞ|PHÒNG|BỘ|TRƯỜNG|TRUNG TÂM|BAN|HỘI|ĐẢNG ỦY) [\p{Lu}\d ,.&-]+$/u;

const pad = (n: string) => n.padStart(2, '0');

export function readPlanHeading(linesAbove: readonly string[]): PlanHeading {
  const head = linesAbove.slice(0, LETTERHEAD_LINES);
  const heading: PlanHeading = {};
  // "Số: 4595/KH-UBND", which Word often breaks after the number.
  const number = /Số:\s*(\d+)\s*\n?\s*(\/\s*[\p{L}\d-]+)/u.exec(head.join('\n'));
  const mention = /kèm(?: theo)? kế hoạch số\s*(\d+\s*\/[\p{L}\d-]+)/iu.exec(linesAbove.join('\n'));
  const found = number ? `${number[1]}${number[2]}` : mention?.[1];
  if (found) heading.number = found.replace(/\s+/g, '');
  for (const line of head) {
    const dated = /^(.+?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u.exec(line);
    if (dated?.[1] && dated[2] && dated[3] && dated[4]) {
      heading.place = dated[1].trim();
      heading.date = `${dated[4]}-${pad(dated[3])}-${pad(dated[2])}`;
      break;
    }
  }
  const first = head[0];
  // Only a real letterhead: an issuing body's name over a "Số:" or a dated line.
  if (first && ISSUER.test(first) && (number || heading.date)) {
    heading.issuerHeader = first;
    const lower = first.toLowerCase();
    const issuer = lower.charAt(0).toUpperCase() + lower.slice(1);
    // The place keeps its capitals: "ỦY BAN NHÂN DÂN QUẬN 7" → "Ủy ban nhân dân Quận 7".
    const place = heading.place;
    heading.issuer =
      place && first.endsWith(place.toUpperCase())
        ? `${issuer.slice(0, issuer.length - place.length)}${place}`
        : issuer;
  }
  return heading;
}
