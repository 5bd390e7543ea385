// A mail's Message-ID: derived from what the mail is about, so a resent duplicate is one message to a mail client.
import { describe, expect, it } from 'vitest';
import { messageIdFor } from './mailer.ts';

describe('the Message-ID of a mail', () => {
  it('is the same for the same key and differs for another', () => {
    const from = 'Phòng Văn hóa <baocao@q7.example>';
    expect(messageIdFor('version:r1@2021-10-06T01:00:03Z', from)).toBe(
      messageIdFor('version:r1@2021-10-06T01:00:03Z', from),
    );
    expect(messageIdFor('version:r1@2021-10-06T01:00:03Z', from)).not.toBe(
      messageIdFor('version:r1@2021-10-06T01:00:04Z', from),
    );
  });

  it('is 32 hex digits at a baocao host under the sender’s domain', () => {
    expect(messageIdFor('k', 'Phòng Văn hóa <baocao@q7.example>')).toMatch(
      /^<[0-9a-f]{32}@baocao\.q7\.example>$/,
    );
    expect(messageIdFor('k', 'baocao@Q7.Example')).toMatch(/^<[0-9a-f]{32}@baocao\.q7\.example>$/);
  });

  it('falls back to a reserved domain when the sender has no clean one', () => {
    expect(messageIdFor('k', 'not an address')).toMatch(/^<[0-9a-f]{32}@baocao\.invalid>$/);
  });
});
