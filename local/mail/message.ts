// The shape of a message as the SMTP sink keeps it, and its construction from raw SMTP DATA.
import { type AddressObject, type EmailAddress, simpleParser } from 'mailparser';

export interface MailAddress {
  name: string;
  address: string;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
}

export interface StoredMessage {
  id: string;
  /** When the sink accepted the DATA, ISO 8601 UTC. */
  receivedAt: string;
  /** The SMTP envelope: who the client said it was mailing, which may differ from the headers (Bcc). */
  envelope: { from: string | null; to: string[] };
  /** The AUTH username the client logged in with, if any; the password is never kept. */
  authUser: string | null;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  replyTo: MailAddress[];
  subject: string;
  /** The Date header as ISO 8601, or null when absent or unparsable. */
  date: string | null;
  messageId: string | null;
  text: string;
  html: string | null;
  attachments: AttachmentInfo[];
  /** Size of the raw DATA in bytes. */
  size: number;
  /** The message source as received (decoded as UTF-8), so tests can check headers byte for byte. */
  raw: string;
}

export interface ReceivedMeta {
  id: string;
  receivedAt: string;
  envelope: StoredMessage['envelope'];
  authUser: string | null;
}

/** Flattens mailparser's address objects, including RFC 5322 groups, into plain name/address pairs. */
export function flattenAddresses(
  field: AddressObject | AddressObject[] | undefined,
): MailAddress[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  const out: MailAddress[] = [];
  const visit = (entry: EmailAddress) => {
    if (entry.group) {
      for (const member of entry.group) visit(member);
      return;
    }
    if (entry.address) out.push({ name: entry.name ?? '', address: entry.address });
  };
  for (const object of objects) for (const entry of object.value) visit(entry);
  return out;
}

export async function parseMessage(raw: Buffer, meta: ReceivedMeta): Promise<StoredMessage> {
  // skipTextToHtml: a text-only mail should show as text, not as generated HTML.
  const parsed = await simpleParser(raw, { skipTextToHtml: true });
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
  return {
    ...meta,
    from: flattenAddresses(parsed.from),
    to: flattenAddresses(parsed.to),
    cc: flattenAddresses(parsed.cc),
    bcc: flattenAddresses(parsed.bcc),
    replyTo: flattenAddresses(parsed.replyTo),
    subject: parsed.subject ?? '',
    date: date ? date.toISOString() : null,
    messageId: parsed.messageId ?? null,
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
    size: raw.length,
    raw: raw.toString('utf8'),
  };
}

/** True when `address` is among the envelope recipients or the To/Cc/Bcc headers (case-insensitive). */
export function isAddressedTo(message: StoredMessage, address: string): boolean {
  const wanted = address.trim().toLowerCase();
  const all = [
    ...message.envelope.to,
    ...[...message.to, ...message.cc, ...message.bcc].map((a) => a.address),
  ];
  return all.some((a) => a.toLowerCase() === wanted);
}
