// The one rule for an email address, used by the campaign schema, the registry, the sheet and the mailer.

/**
 * Deliberately strict, and ASCII only (a mail server without SMTPUTF8 refuses "nguyễn@…"): no
 * spaces or control characters (nothing can become a header or an odd SMTP recipient), no dot
 * at either end of the local part nor two in a row, a domain of letter-digit-hyphen labels
 * ending in an alphabetic top-level domain ("x@host.123" is a typo, not an address).
 */
const EMAIL =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** RFC 5321's limits: 64 characters before the @, 254 in all. */
export function isUsableEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.lastIndexOf('@');
  return at > 0 && at <= 64 && EMAIL.test(s);
}

/** Recipients deduplicated, case-insensitively, keeping only usable addresses, in order. */
export function recipients(
  ...lists: readonly (readonly (string | null | undefined)[])[]
): string[] {
  const seen = new Map<string, string>();
  for (const list of lists) {
    for (const address of list) {
      if (address && isUsableEmail(address) && !seen.has(address.toLowerCase())) {
        seen.set(address.toLowerCase(), address);
      }
    }
  }
  return [...seen.values()];
}

/** Splits what a person typed in one cell ("a@x.vn; b@y.vn, c@z.vn") into candidate addresses. */
export const splitEmails = (cell: string): string[] => cell.split(/[;,\s]+/).filter(Boolean);
