// Mails earlier runs left owed (a server down, a limit, a crash) go out at a bounded cost when many wait.
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import type { Mailer } from '../functions/platform/mailer.ts';
import { withQuietLocal } from '../testing/local-mode.ts';
import { submit } from '../testing/respondent.ts';

const UNITS = 60;
const registry = `id,name,group,emails\n${Array.from(
  { length: UNITS },
  (_, i) => `dv-${i + 1},Đơn vị thử ${i + 1},co-so-giao-duc,dv-${i + 1}@donvi.example`,
).join('\n')}\n`;

/** A mail server that answers "try later" to everything, as one down or at its limit does. */
const refusing: Mailer = {
  send: async () => ({ ok: false, permanent: false, reason: '421 4.7.0 Try again later' }),
  close: () => undefined,
};

describe('mails owed by earlier runs', () => {
  it('sends sixty owed receipts once each, reading the responses in one listing and marking them in at most twenty writes', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      for (const [i, l] of local.endpoints.links.entries()) {
        await submit(local.campaign, l.link, { answers: { '2.count': String(i + 1) } });
      }
      const config = loadConfig(local.functionEnv);
      const down = createRuntime(config, {
        log: memoryLogger(),
        gate: { burst: 100, refillMs: 0 },
        mailer: refusing,
      });
      const first = await down.sync('manual');
      expect(first.mails.sent).toBe(0);

      const formsReadsBefore = local.standIns.forms.faults.stats.reads;
      const report = await local.runtime.sync('manual');
      const formsReads = local.standIns.forms.faults.stats.reads - formsReadsBefore;
      const receipts = local.standIns.mail
        .messages()
        .filter((m) => m.envelope.to.some((t) => t.endsWith('@donvi.example')));
      console.log(
        `${UNITS} owed receipts: ${receipts.length} sent, ${formsReads} Forms reads, ${report.sheets.writes} Sheets writes`,
      );
      expect(new Set(receipts.map((m) => m.messageId)).size).toBe(UNITS);
      expect(receipts).toHaveLength(UNITS);
      // The run's own listing of new responses, and one of those owed.
      expect(formsReads).toBeLessThanOrEqual(2);
      // The lease's hold, twenty mark writes at most, the closing write.
      expect(report.sheets.writes).toBeLessThanOrEqual(22);
    });
  }, 120_000);
});
