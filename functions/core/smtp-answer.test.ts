// Which refusals are a sending limit to wait out, a mail the server will never take, or a passing fault.
import { describe, expect, it } from 'vitest';
import { classifySmtpFailure } from './smtp-answer.ts';

describe('a mail server refusal', () => {
  it.each([
    [
      550,
      '550-5.4.5 Daily user sending limit exceeded. For more information on Gmail',
      'daily-limit',
    ],
    [550, '550 5.4.5 Daily user sending quota exceeded. - gsmtp', 'daily-limit'],
    [550, '550 5.4.5 Daily SMTP relay limit exceeded for user. - gsmtp', 'daily-limit'],
    [550, '550 5.7.1 Daily SMTP relay limit exceeded for customer. - gsmtp', 'daily-limit'],
    [550, '550 5.4.5 https://support.google.com/mail/?p=DailyLimitExceeded', 'daily-limit'],
    [421, '421 4.7.0 Try again later, closing connection. - gsmtp', 'rate-limit'],
    [450, '450 4.2.1 Peak SMTP relay limit exceeded for customer. - gsmtp', 'rate-limit'],
    [454, '454 4.7.0 Too many login attempts, please try again later. - gsmtp', 'rate-limit'],
    [
      550,
      '550 5.1.1 The email account that you tried to reach does not exist. - gsmtp',
      'rejected',
    ],
    [553, '553 5.1.3 The recipient address is not a valid RFC 5321 address.', 'rejected'],
    [451, '451 4.3.0 Mail server temporarily rejected message. - gsmtp', 'transient'],
    [421, '421 4.3.0 Temporary System Problem. Try again later', 'transient'],
    [undefined, undefined, 'transient'],
  ] as const)('%s "%s" is %s', (code, text, kind) => {
    expect(classifySmtpFailure({ code, text })).toBe(kind);
  });

  it('is a daily limit whatever code carries it, so it is never recorded as a permanent failure', () => {
    expect(classifySmtpFailure({ code: 421, text: '421 4.4.5 Daily sending quota exceeded' })).toBe(
      'daily-limit',
    );
  });
});
