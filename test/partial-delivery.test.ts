// A mail some recipients refused: sent to the others, reported with the refused ones, recorded as such.

import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../functions/platform/log.ts';
import { sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { startLocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import { type SmtpSink, startSmtpSink } from '../local/mail/sink.ts';
import { readTab } from '../testing/local-mode.ts';
import { submit } from '../testing/respondent.ts';
import { sinkMailer } from '../testing/sink-mailer.ts';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const mail = { subject: 'Biên nhận', text: 'x', html: '<p>x</p>', messageKey: 'version:r1@t' };

describe('the SMTP adapter with a partly refused recipient list', () => {
  it('delivers to the accepted recipients and names the refused one', async () => {
    sink = await startSmtpSink();
    sink.refuse({ code: 550, recipients: ['sai@donvi.example'] });
    const mailer = sinkMailer(sink);
    try {
      const result = await mailer.send({
        ...mail,
        to: ['dung@donvi.example', 'sai@donvi.example'],
      });
      expect(result).toEqual({ ok: true, rejected: ['sai@donvi.example'] });
      const stored = sink.messages();
      expect(stored).toHaveLength(1);
      expect(stored[0]?.envelope.to).toEqual(['dung@donvi.example']);
    } finally {
      mailer.close();
    }
  });

  it('reports a mail every recipient took as plainly sent', async () => {
    sink = await startSmtpSink();
    const mailer = sinkMailer(sink);
    try {
      expect(await mailer.send({ ...mail, to: ['dung@donvi.example'] })).toEqual({ ok: true });
    } finally {
      mailer.close();
    }
  });

  it('reports a mail every recipient refused as a permanent failure', async () => {
    sink = await startSmtpSink();
    sink.refuse({ code: 550, recipients: ['sai@donvi.example'] });
    const mailer = sinkMailer(sink);
    try {
      const result = await mailer.send({ ...mail, to: ['sai@donvi.example'] });
      expect(result).toMatchObject({ ok: false, permanent: true });
    } finally {
      mailer.close();
    }
  });
});

describe('a receipt one of the unit’s addresses refused', () => {
  it('is logged as sent with the refused address named, and not sent again by the next run', async () => {
    const registry =
      'id,name,group,emails\ntruong-1,Trường thử số 1,co-so-giao-duc,dung@donvi.example; sai@donvi.example\n';
    const local = await startLocalMode({
      registryCsv: registry,
      sync: { burst: 100, refillMs: 0 },
      log: memoryLogger(),
    });
    try {
      local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
      local.standIns.mail.refuse({ code: 550, recipients: ['sai@donvi.example'] });
      const link = local.endpoints.links[0]?.link ?? '';
      await submit(local.campaign, link, { answers: { '2.count': '1' } });
      await local.runtime.sync('manual');
      await local.runtime.sync('manual');

      const layout = sheetLayout(local.campaign);
      const log = await readTab(local, TAB.log);
      const logged = log.slice(1).filter((r) => r[layout.log.col.version]);
      expect(logged).toHaveLength(1);
      const status = String(logged[0]?.[layout.log.col.mail]);
      expect(status).toMatch(/^Đã gửi .* \(không gửi được tới: sai@donvi\.example\)$/);
      const receipts = local.standIns.mail
        .messages()
        .filter((m) => m.envelope.to.includes('dung@donvi.example'));
      expect(receipts).toHaveLength(1);
    } finally {
      await local.close();
    }
  }, 60_000);
});
