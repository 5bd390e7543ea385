// A pass's receipts are composed and encoded while its write is in flight, and sent only once it is answered.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import type { Mailer, OutgoingMail } from '../functions/platform/mailer.ts';
import { smtpMailer } from '../functions/platform/smtp.ts';
import { withQuietLocal } from '../testing/local-mode.ts';
import { clientsPausing, deferred, isDataWrite } from '../testing/pausing-clients.ts';
import { submit } from '../testing/respondent.ts';

const UNITS = 12;
const registry = `id,name,group,emails\n${Array.from(
  { length: UNITS },
  (_, i) => `truong-${i + 1},Trường thử số ${i + 1},co-so-giao-duc,truong-${i + 1}@donvi.example`,
).join('\n')}\n`;

/** The real SMTP adapter, telling `events` what it is asked to prepare and to send. */
function recording(
  real: Mailer,
  events: string[],
  prepared: Set<OutgoingMail>,
  onPrepare: () => void,
) {
  return {
    async prepare(mails: readonly OutgoingMail[]) {
      events.push('prepare');
      onPrepare();
      const ready = (await real.prepare?.(mails)) ?? [...mails];
      for (const m of ready) prepared.add(m);
      return ready;
    },
    send(mail: OutgoingMail) {
      events.push(prepared.has(mail) ? 'send prepared' : 'send');
      return real.send(mail);
    },
    close: () => real.close(),
  } satisfies Mailer;
}

describe('a pass with many new versions', () => {
  it('prepares every receipt while its data write is in flight and sends them after it is answered', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      const config = loadConfig(local.functionEnv);
      for (const [i, unit] of local.endpoints.links.entries()) {
        await submit(local.campaign, unit.link, { answers: { '2.count': String(i + 1) } });
      }
      const events: string[] = [];
      const prepared = new Set<OutgoingMail>();
      const preparing = deferred();
      // The data write is held until the receipts are being prepared (or 5 s, and then the
      // order below shows they were not prepared during it).
      const clients = clientsPausing(
        local,
        async (requests) => {
          if (!isDataWrite(requests)) return;
          events.push('write sent');
          await Promise.race([preparing.opened, sleep(5_000)]);
        },
        (requests) => {
          if (isDataWrite(requests)) events.push('write answered');
        },
      );
      const mailer = recording(smtpMailer(config), events, prepared, preparing.open);
      const run = createRuntime(config, { clients, mailer, log: memoryLogger(), now: local.now });
      const report = await run.sync('manual');
      run.close();

      expect(report.decided.accepted).toBe(UNITS);
      expect(report.mails.sent).toBe(UNITS);
      const at = (e: string) => events.indexOf(e);
      expect(at('write sent')).toBeLessThan(at('prepare'));
      expect(at('prepare')).toBeLessThan(at('write answered'));
      const sends = events.filter((e) => e.startsWith('send'));
      expect(sends).toEqual(Array.from({ length: UNITS }, () => 'send prepared'));
      expect(at('write answered')).toBeLessThan(events.findIndex((e) => e.startsWith('send')));
      // Each receipt arrives whole, though it waited encoded without its bodies.
      for (const m of local.standIns.mail.messages()) {
        expect(m.text).toContain('Trường thử số');
        expect(m.html).toContain('Trường thử số');
      }
      const received = local.standIns.mail
        .messages()
        .flatMap((m) => m.envelope.to)
        .filter((to) => to.endsWith('@donvi.example'))
        .sort();
      expect(received).toEqual(
        Array.from({ length: UNITS }, (_, i) => `truong-${i + 1}@donvi.example`).sort(),
      );
    });
  }, 60_000);
});
