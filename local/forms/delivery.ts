// Watch notifications delivered as Pub/Sub push CloudEvents (binary mode), at least once, with backoff.
import { isoMillis, messageId } from './ids.ts';
import type { StoredWatch } from './state.ts';

export interface DeliveryOptions {
  /** First retry delay; doubles on each failure up to maxDelayMs (Pub/Sub push backoff: 100 ms to 60 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a message is dropped and counted; real Pub/Sub keeps trying for days. */
  maxAttempts?: number;
  /** A push answered slower than this counts as a failure, like Pub/Sub's ack deadline. */
  timeoutMs?: number;
}

export interface DeliveryStats {
  published: number;
  delivered: number;
  attempts: number;
  failedAttempts: number;
  dropped: number;
  /** Messages published to a topic with no push endpoint: lost, as with a topic without subscriptions. */
  noEndpoint: number;
}

/** The JSON body Eventarc posts for google.cloud.pubsub.topic.v1.messagePublished. */
export interface PushBody {
  message: {
    attributes: Record<string, string>;
    messageId: string;
    message_id: string;
    publishTime: string;
    publish_time: string;
  };
  subscription: string;
}

interface Message {
  topicName: string;
  body: PushBody;
}

export const CLOUDEVENT_TYPE = 'google.cloud.pubsub.topic.v1.messagePublished';

export function pushHeaders(message: Message): Record<string, string> {
  return {
    'content-type': 'application/json',
    'ce-id': message.body.message.messageId,
    'ce-specversion': '1.0',
    'ce-type': CLOUDEVENT_TYPE,
    'ce-source': `//pubsub.googleapis.com/${message.topicName}`,
    'ce-time': message.body.message.publishTime,
    'user-agent': 'APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)',
  };
}

export class PushDelivery {
  readonly stats: DeliveryStats = {
    published: 0,
    delivered: 0,
    attempts: 0,
    failedAttempts: 0,
    dropped: 0,
    noEndpoint: 0,
  };
  private readonly endpoints = new Map<string, string>();
  private readonly pending = new Set<Promise<void>>();
  private readonly wakers = new Set<() => void>();
  private closed = false;
  /** Aborts pushes in flight on close() so a hanging endpoint cannot hold the stand-in open. */
  private readonly closing = new AbortController();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;

  constructor(
    endpoints: Record<string, string>,
    options: DeliveryOptions,
    private readonly now: () => number,
  ) {
    for (const [topic, url] of Object.entries(endpoints)) this.endpoints.set(topic, url);
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  setEndpoint(topicName: string, url: string | undefined): void {
    if (url === undefined) this.endpoints.delete(topicName);
    else this.endpoints.set(topicName, url);
  }

  /** Publishes one notification for a watch; the answers themselves are never in it, as on Google. */
  publish(watch: StoredWatch): void {
    if (this.closed) return;
    this.stats.published++;
    const id = messageId();
    const publishTime = isoMillis(this.now());
    const message: Message = {
      topicName: watch.topicName,
      body: {
        message: {
          attributes: { formId: watch.formId, watchId: watch.id, eventType: watch.eventType },
          messageId: id,
          message_id: id,
          publishTime,
          publish_time: publishTime,
        },
        subscription: `${watch.topicName.replace('/topics/', '/subscriptions/')}-push`,
      },
    };
    if (!this.endpoints.has(watch.topicName)) {
      this.stats.noEndpoint++;
      return;
    }
    const run = this.deliver(message).finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  private async deliver(message: Message): Promise<void> {
    for (let attempt = 1; !this.closed; attempt++) {
      if (await this.attempt(message)) {
        this.stats.delivered++;
        return;
      }
      if (attempt >= this.maxAttempts) {
        this.stats.dropped++;
        console.warn(
          `forms stand-in: dropped push ${message.body.message.messageId} to ${message.topicName} after ${attempt} attempts`,
        );
        return;
      }
      await this.wait(Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
    }
  }

  private async attempt(message: Message): Promise<boolean> {
    const url = this.endpoints.get(message.topicName);
    if (!url) return false;
    this.stats.attempts++;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: pushHeaders(message),
        body: JSON.stringify(message.body),
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]),
      });
      await res.arrayBuffer();
      if (res.ok) return true;
    } catch {
      // A refused connection or a timeout is a failed push; Pub/Sub retries it the same way.
    }
    this.stats.failedAttempts++;
    return false;
  }

  /** A backoff sleep that close() cuts short. */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  /** Resolves once every published message is delivered or dropped, retries included. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    for (const wake of [...this.wakers]) wake();
    await this.flush();
  }
}
