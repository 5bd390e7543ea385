// The SMTP side of the sink: a real smtp-server on loopback that parses each message into the store.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  SMTPServer,
  type SMTPServerAuthentication,
  type SMTPServerAuthenticationResponse,
  type SMTPServerDataStream,
  type SMTPServerEnvelope,
  type SMTPServerSession,
} from 'smtp-server';
import { LOOPBACK } from '../http.ts';
import { parseMessage } from './message.ts';
import { AUTH_REFUSED, type Refusal, type RefusalPolicy, smtpError } from './refusal.ts';
import type { MessageStore } from './store.ts';

export const DEFAULT_MAX_SIZE = 10 * 1024 * 1024;

export interface SmtpListenerOptions {
  port: number;
  store: MessageStore;
  refusal: RefusalPolicy;
  now: () => number;
  maxSize: number;
  /** Called with errors the client never sees (a parse failure is still answered 451). */
  onError: (error: unknown) => void;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

export async function listenSmtp(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { store, refusal, now } = options;
  // One decision per mail transaction: every RCPT of a refused transaction gets the same answer,
  // and a count of "2 messages" means two transactions, not two recipients. smtp-server creates a
  // new envelope object for each transaction, so it serves as the key.
  const rcptDecisions = new WeakMap<SMTPServerEnvelope, Refusal | null>();

  const server = new SMTPServer({
    name: 'baocao-smtp-sink',
    banner: 'baocao local SMTP sink: test mail only, nothing is relayed',
    // Loopback only and test mail only: no TLS, and AUTH is allowed in the clear.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: options.maxSize,
    logger: false,
    // A stopped sink should free its port at once; pooled clients see 421 and reconnect.
    closeTimeout: 200,
    onAuth(
      auth: SMTPServerAuthentication,
      _session: SMTPServerSession,
      callback: (
        err: Error | null | undefined,
        response?: SMTPServerAuthenticationResponse,
      ) => void,
    ) {
      // Any credentials are accepted (unless told to refuse them all); only the username is
      // kept, the password is never read.
      if (refusal.refusesAuth) {
        callback(smtpError(AUTH_REFUSED));
        return;
      }
      callback(null, { user: auth.username ?? '' });
    },
    onRcptTo(address, session, callback) {
      const own = refusal.takeRecipient(address.address);
      if (own) {
        callback(smtpError(own));
        return;
      }
      let decision = rcptDecisions.get(session.envelope);
      if (decision === undefined) {
        decision = refusal.take('rcpt') ?? null;
        rcptDecisions.set(session.envelope, decision);
      }
      callback(decision ? smtpError(decision) : null);
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        // Past the limit the server answers 552 itself; stop buffering so memory stays bounded.
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const refused = refusal.take('data');
        if (refused) {
          callback(smtpError(refused));
          return;
        }
        const mailFrom = session.envelope.mailFrom;
        const id = randomUUID();
        parseMessage(Buffer.concat(chunks), {
          id,
          receivedAt: new Date(now()).toISOString(),
          envelope: {
            from: mailFrom ? mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          authUser: typeof session.user === 'string' ? session.user : null,
        }).then(
          (message) => {
            store.add(message);
            refusal.countAccepted();
            callback(null, `OK: queued as ${id}`);
          },
          (error: unknown) => {
            options.onError(error);
            callback(
              Object.assign(new Error('Could not parse the message'), { responseCode: 451 }),
            );
          },
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  // Errors on client sockets (a client hanging up) must not crash the process hosting the sink.
  server.on('error', options.onError);

  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
