// Numbers and dates the way Vietnamese readers write them: 1.500.000 đồng, 08/10/2021 23:59.

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** 1500000 → "1.500.000"; 1.5 → "1,5". */
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** 1500000 → "1.500.000 đồng". */
export function formatMoney(n: number): string {
  return `${formatNumber(n)} đồng`;
}

/** One formatter per time zone: making one costs far more than using it (a sync formats 10,000 times). */
const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts of an instant in a time zone: year, month, day, hour, minute, second. */
export function localParts(instant: Date, timeZone: string): Record<string, string> {
  let fmt = partsFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormats.set(timeZone, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** "08/10/2021" in the campaign's time zone. */
export function formatDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "23:59 ngày 08/10/2021" in the campaign's time zone. */
export function formatDateTime(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
}

/** A local calendar date "2021-10-08" written "08/10/2021" (no time zone involved). */
export function formatLocalDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The deadline as every message writes it: "hết ngày 08/10/2021" for a date (it lasts to the
 * end of that day), "17:00 ngày 08/10/2021" for a date and time. Mail, form and sheet all say it
 * this way; a reader should never see "2021-10-08T17:00".
 */
export function deadlineText(campaign: { deadline: string }): string {
  const [date = '', time] = campaign.deadline.split('T');
  return time ? `${time} ngày ${formatLocalDate(date)}` : `hết ngày ${formatLocalDate(date)}`;
}
