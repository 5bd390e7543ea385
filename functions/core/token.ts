// Personal-link verification codes: an HMAC of (campaign, unit) under a secret, checked in constant time.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { PermanentError } from '../../forms/errors.ts';

/** Crockford's base32 without I, L, O, U: nothing a person could misread if they ever type it. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of base32 = 80 bits: far beyond guessing, short enough for a prefilled field. */
export const TOKEN_LENGTH = 16;

export class TokenSecretError extends PermanentError {
  constructor() {
    super('Token secret must be at least 32 characters');
  }
}

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export function unitToken(secret: string, campaignId: string, unitId: string): string {
  if (secret.length < 32) throw new TokenSecretError();
  // The separator cannot occur in ids (slugs), so ("a-b","c") and ("a","b-c") never collide.
  const mac = createHmac('sha256', secret).update(`baocao/v1\n${campaignId}\n${unitId}`).digest();
  return base32(mac, TOKEN_LENGTH);
}

/** Accepts the code as a person might paste it: any case, with spaces or dashes. */
export function verifyUnitToken(
  secret: string,
  campaignId: string,
  unitId: string,
  presented: string,
): boolean {
  const expected = Buffer.from(unitToken(secret, campaignId, unitId));
  const given = Buffer.from(presented.normalize('NFKC').toUpperCase().replace(/[\s-]/g, ''));
  // timingSafeEqual needs equal lengths; comparing against itself keeps the timing flat.
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}
