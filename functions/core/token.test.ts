import { describe, expect, it } from 'vitest';
import { TOKEN_LENGTH, TokenSecretError, unitToken, verifyUnitToken } from './token.ts';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('personal link verification codes', () => {
  const token = unitToken(secret, 'q7-htsd-2021', 'p-tan-phong');

  it('are short, unambiguous and stable for a unit', () => {
    expect(token).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{${TOKEN_LENGTH}}$`));
    expect(unitToken(secret, 'q7-htsd-2021', 'p-tan-phong')).toBe(token);
  });

  it("accept the unit's own code, also pasted in lower case or with spaces", () => {
    expect(verifyUnitToken(secret, 'q7-htsd-2021', 'p-tan-phong', token)).toBe(true);
    expect(verifyUnitToken(secret, 'q7-htsd-2021', 'p-tan-phong', ` ${token.toLowerCase()} `)).toBe(
      true,
    );
  });

  it.each([
    ["another unit's code", unitToken(secret, 'q7-htsd-2021', 'p-tan-kieng')],
    ["the same unit's code of another campaign", unitToken(secret, 'q7-htsd-2022', 'p-tan-phong')],
    ['a code made with another secret', unitToken(`${secret}x`, 'q7-htsd-2021', 'p-tan-phong')],
    ['a truncated code', token.slice(0, -1)],
    ['an empty code', ''],
    ['a huge input', 'A'.repeat(100_000)],
  ])('reject %s', (_, presented) => {
    expect(verifyUnitToken(secret, 'q7-htsd-2021', 'p-tan-phong', presented)).toBe(false);
  });

  it('refuse a short secret', () => {
    expect(() => unitToken('short', 'c', 'u')).toThrow(TokenSecretError);
  });
});
