// Bad input, mail headers: a line break in a unit name, contact name or email never adds a header or a recipient to any mail.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../forms/campaign.ts';
import { isUsableEmail, recipients } from '../../forms/email.ts';
import { decide } from '../../functions/core/outcome.ts';
import { parseSubmission, type RawSubmission } from '../../functions/core/parse.ts';
import { reminderSlots } from '../../functions/core/time.ts';
import { renderVerificationAlert } from '../../functions/mail/alert.ts';
import { type ComposeContext, composeMail } from '../../functions/mail/compose.ts';
import { renderReminder } from '../../functions/mail/reminder.ts';
import { campaign, reading, SECRET, tokenOf, unitA, version } from '../../testing/decisions.ts';
import { anyText, REPLAYABLE } from '../../testing/hostile-text.ts';
import { linkOf, localModeAround } from '../../testing/local-mode.ts';
import { submit } from '../../testing/respondent.ts';

fc.configureGlobal(REPLAYABLE);

const SLOT = reminderSlots(campaign)[0];
if (!SLOT) throw new Error('the campaign has no reminder slot');
/** Line breaks a mail header must never carry (CR, LF, NEL, Unicode line/paragraph separators). */
const HEADER_BREAK = /[\r\n\u0085\u2028\u2029]/;

/** A line break of any kind, alone or opening a forged header or body. */
const injected = fc.oneof(
  fc.constantFrom(
    '\r\nBcc: x@evil.example',
    '\nSubject: x',
    '\rBcc: x@evil.example',
    '\u2028Bcc: x@evil.example',
    '\u2029Subject: x',
    '\u0085Bcc: x@evil.example',
    '\r\n\r\n<html>x</html>',
  ),
  fc
    .tuple(fc.constantFrom('\r', '\n', '\r\n', '\u2028', '\u0085', '\v', '\f'), anyText)
    .map(([b, t]) => b + t),
);

describe('header injection in unit names, contact names and emails', () => {
  it('keeps every subject on one line and every recipient clean, whatever line break the unit name carries', () => {
    fc.assert(
      fc.property(anyText, injected, anyText, (before, inj, after) => {
        const name = `${before}${inj}${after}`;
        const alert = renderVerificationAlert({
          campaign,
          unitTyped: name,
          reason: 'unknown-unit',
          responseId: 'r1',
          receivedAt: new Date(),
        });
        expect(alert.subject).not.toMatch(HEADER_BREAK);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters.
        expect(alert.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);

        const named = { ...unitA, name };
        const c = { ...campaign, units: [named] } as Campaign;
        const ctx: ComposeContext = {
          campaign: c,
          unit: () => ({ emails: ['a@donvi.example'], link: 'https://forms.example/a' }),
          previous: () => null,
          hadAccepted: () => false,
        };
        const raw: RawSubmission = {
          activities: { '2': 'Có' },
          answers: { '2.count': '3' },
          contact: { name, email: `victim@x.example${inj}` },
        };
        for (const token of [tokenOf(unitA.id), 'AAAAAAAAAAAAAAAA']) {
          const d = decide(c, SECRET, version(3), reading(raw, name, token));
          const mail = composeMail(ctx, d);
          if (mail) {
            expect(mail.subject).not.toMatch(HEADER_BREAK);
            for (const to of mail.to) {
              expect(to).not.toMatch(/\s/);
              expect(to).not.toContain('evil.example');
            }
          }
        }
        const reminder = renderReminder({
          campaign: c,
          unitName: name,
          sentAt: SLOT.at,
          link: { kind: 'bare', link: 'https://forms.example/a' },
        });
        expect(reminder.subject).not.toMatch(HEADER_BREAK);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an email with a line break or a control character, as receipt address and as recipient', () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f),
        fc.nat({ max: 30 }),
        anyText,
        (email, code, at, tail) => {
          const i = Math.min(at, email.length);
          const bad = `${email.slice(0, i)}${String.fromCharCode(code)}${email.slice(i)}${tail}`;
          expect(isUsableEmail(bad)).toBe(false);
          expect(recipients([bad])).toEqual([]);
          const parsed = parseSubmission(campaign, {
            activities: {},
            answers: {},
            contact: { email: `victim@x.example\r\nBcc: all@evil.example${tail}` },
          });
          expect(parsed.report.contact.email).toBeNull();
        },
      ),
    );
    for (const bad of [
      'victim@x.example\r\nBcc: all@evil.example',
      'victim@x.example\nBcc:all@evil.example',
      'victim@x.example\u2028Bcc:all@evil.example',
      'vic\u0085tim@x.example',
      'vic\u0000tim@x.example',
      'victim@x.example, all@evil.example',
      '"all@evil.example" <victim@x.example>',
    ]) {
      expect(isUsableEmail(bad)).toBe(false);
    }
  });
});

describe('line breaks typed in the form, through local mode', () => {
  const started = localModeAround();

  it('sends the receipt to the registered address alone, with no added header, when the contact name and email carry CR/LF', async () => {
    const local = started();
    const unitId = 'p-tan-kieng';
    await submit(local.campaign, linkOf(local, unitId), {
      answers: { '2.count': '5' },
      contact: {
        name: 'Nguyễn Văn An\r\nBcc: all@evil.example',
        email: 'victim@x.example\r\nBcc: all@evil.example',
      },
    });
    await local.standIns.forms.flushDeliveries();
    await local.runtime.sync('manual');
    const mails = local.standIns.mail.messages();
    const receipt = mails.find((m) => m.envelope.to.includes(`${unitId}@donvi.example`));
    expect(receipt).toBeDefined();
    for (const m of mails) {
      expect(m.envelope.to.join(' ')).not.toContain('evil.example');
      expect(m.envelope.to.join(' ')).not.toContain('victim@x.example');
      expect(m.bcc).toEqual([]);
      const headers = m.raw.slice(0, m.raw.search(/\r?\n\r?\n/));
      expect(headers).not.toMatch(/^bcc:/im);
      expect(headers).not.toContain('evil.example');
    }
    // The unit is told its email was not usable; the receipt went to its registered address.
    expect(receipt?.text).toContain('không phải địa chỉ email hợp lệ');
  }, 30_000);
});
