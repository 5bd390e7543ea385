// Test support for the Forms stand-in: real googleapis clients pointed at it, form posts, a push receiver.
import type { IncomingHttpHeaders } from 'node:http';
import { drive } from '@googleapis/drive';
import { auth, forms, type forms_v1 } from '@googleapis/forms';
import { Hono } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import { listenLoopback, type NodeEnv } from '../http.ts';
import { type FormsStandIn, type FormsStandInOptions, startFormsStandIn } from './server.ts';

export interface Harness {
  standIn: FormsStandIn;
  forms: forms_v1.Forms;
  drive: ReturnType<typeof drive>;
}

/** An OAuth2 client holding only an access token: it works offline and never refreshes. */
export function tokenAuth(token = 'test-access-token') {
  const client = new auth.OAuth2();
  client.setCredentials({ access_token: token });
  return client;
}

export async function startHarness(options: FormsStandInOptions = {}): Promise<Harness> {
  const standIn = await startFormsStandIn(options);
  const rootUrl = `${standIn.url}/`;
  const client = tokenAuth();
  return {
    standIn,
    forms: forms({ version: 'v1', auth: client, rootUrl }),
    drive: drive({ version: 'v3', auth: client, rootUrl }),
  };
}

/** Creates a published form with the given items (in order) and returns ids from the replies. */
export async function createForm(
  h: Harness,
  title: string,
  items: forms_v1.Schema$Item[],
): Promise<{ formId: string; itemIds: string[]; questionIds: (string | undefined)[] }> {
  const created = await h.forms.forms.create({ requestBody: { info: { title } } });
  const formId = created.data.formId ?? '';
  const res = await h.forms.forms.batchUpdate({
    formId,
    requestBody: {
      requests: items.map((item, index) => ({ createItem: { item, location: { index } } })),
    },
  });
  await h.forms.forms.setPublishSettings({
    formId,
    requestBody: {
      publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
    },
  });
  const replies = res.data.replies ?? [];
  return {
    formId,
    itemIds: replies.map((r) => r.createItem?.itemId ?? ''),
    questionIds: replies.map((r) => r.createItem?.questionId?.[0] ?? undefined),
  };
}

export const entry = (questionId: string) => `entry.${Number.parseInt(questionId, 16)}`;

/** Posts fields to a form page URL as Google's own page does (application/x-www-form-urlencoded). */
export async function postForm(url: string, fields: [string, string][]) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

export function formResponseUrl(responderUri: string): string {
  return responderUri.replace(/\/viewform$/, '/formResponse');
}

export interface Push {
  headers: IncomingHttpHeaders;
  body: {
    message: {
      attributes: Record<string, string>;
      messageId: string;
      publishTime: string;
      data?: string;
    };
    subscription: string;
  };
  status: number;
}

/** An HTTP endpoint that records pushes and answers each with the next scripted status (then 204). */
export async function startPushReceiver(statuses: number[] = []) {
  const pushes: Push[] = [];
  const script = [...statuses];
  const app = new Hono<NodeEnv>().all('*', async (c) => {
    const body = (await c.req.json()) as Push['body'];
    const status = script.shift() ?? 204;
    pushes.push({ headers: c.env.incoming.headers, body, status });
    return c.body(null, status as StatusCode);
  });
  const server = await listenLoopback(app);
  return { url: `${server.url}/push`, pushes, close: () => server.close() };
}
