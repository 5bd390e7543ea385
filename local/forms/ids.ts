// Identifier and timestamp formats of the Forms stand-in, shaped like the ones Google hands out.
import { randomBytes } from 'node:crypto';

/** Question and item ids on Google are 8 lower-case hex digits, e.g. '2f3c1a9b'. */
export const HEX_ID = /^[0-9a-f]{1,8}$/i;

export function hexId(): string {
  return randomBytes(4).toString('hex');
}

/** The decimal entry id Google's form page uses for a question (`entry.<decimal>`). */
export function entryId(questionId: string): string {
  return String(Number.parseInt(questionId, 16));
}

function base64url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Drive file ids: 44 characters starting with '1', like a form created by the API. */
export function formId(): string {
  return `1${base64url(33)}`.slice(0, 44);
}

/** Responder ids: the `/forms/d/e/<id>/viewform` part, 56 characters starting with '1FAIpQLS'. */
export function responderId(): string {
  return `1FAIpQLS${base64url(36)}`.slice(0, 56);
}

/** Response ids look like 'ACYDBN…' on Google. */
export function responseId(): string {
  return `ACYDBN${base64url(48)}`.slice(0, 71);
}

/** The opaque token in a respondent's "edit your response" link (`?edit2=…`). */
export function editToken(): string {
  return `2_${base64url(36)}`;
}

/** Pub/Sub message ids are decimal strings. */
export function messageId(): string {
  const n = randomBytes(6).readUIntBE(0, 6);
  return String(10_000_000_000_000 + (n % 9_000_000_000_000));
}

/** RFC 3339 with milliseconds, as Google writes createTime and watch times. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * RFC 3339 with microseconds, as Google writes a response's lastSubmittedTime
 * ('2024-06-19T16:05:51.394652Z'). The sub-millisecond digits keep successive submissions
 * strictly ordered, and a client that parses them into a Date loses them, as it would on Google.
 */
export function isoMicros(ms: number, micros: number): string {
  const base = new Date(ms).toISOString();
  return `${base.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
}

const RFC3339_ZULU = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** Parses an RFC 3339 UTC timestamp to nanoseconds since the epoch; undefined when malformed. */
export function parseTimestampNanos(text: string): bigint | undefined {
  const match = RFC3339_ZULU.exec(text);
  if (!match?.[1]) return undefined;
  const seconds = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  return BigInt(seconds) * 1_000_000n + BigInt(fraction);
}
