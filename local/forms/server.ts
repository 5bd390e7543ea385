// The Forms v1 + Drive permissions stand-in on loopback, with the respondent page and watch delivery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api-error.ts';
import { type FaultConfig, FaultInjector, faultMessage, googleErrorBody } from '../faults.ts';
import {
  BodyTooLargeError,
  escapeHtml,
  listenLoopback,
  readBody,
  sendHtml,
  sendJson,
  sleep,
} from '../http.ts';
import { formsRoutes, responderUri, toApiForm } from './api.ts';
import { handleControl, stats } from './control.ts';
import { type DeliveryOptions, PushDelivery } from './delivery.ts';
import { driveRoutes } from './drive.ts';
import { entryId } from './ids.ts';
import { handlePage, PAGE_PATH } from './page.ts';
import { formTitle } from './page-html.ts';
import { toApiResponse } from './responses.ts';
import type { ApiResult, Route } from './route.ts';
import { FormsState } from './state.ts';
import { liveWatches, toApiWatch } from './watches.ts';

export interface FormsStandInOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Folder for the JSON snapshot; absent: memory only (tests). */
  dataDir?: string;
  faults?: FaultConfig;
  /** Clock for timestamps and watch expiry (tests move it forward). */
  now?: () => number;
  /** Push endpoint per Pub/Sub topic name ('projects/P/topics/T' → URL). */
  pushEndpoints?: Record<string, string>;
  delivery?: DeliveryOptions;
  /** forms.create without `unpublished` publishes the form (Google's older default). Default false. */
  publishOnCreate?: boolean;
  /** Refuse requests without an OAuth bearer token (API keys too), as Google does. Default true. */
  requireAuth?: boolean;
}

export interface FormsStandIn {
  url: string;
  port: number;
  faults: FaultInjector;
  setPushEndpoint(topicName: string, url: string | undefined): void;
  /** Resolves when every pending watch notification is delivered or dropped. */
  flushDeliveries(): Promise<void>;
  close(): Promise<void>;
  stats(): ReturnType<typeof stats>;
  /** The form as forms.get returns it. */
  form(formId: string): ReturnType<typeof toApiForm> | undefined;
  responses(formId: string): ReturnType<typeof toApiResponse>[];
  /** All watches of a form, expired ones included (with `expired: true`). */
  watches(formId: string): (ReturnType<typeof toApiWatch> & { expired: boolean })[];
  /** A personal link: the responder URL with `entry.<decimal id>` prefill parameters. */
  prefillUrl(formId: string, values: Record<string, string | string[]>): string;
  /** Makes a Drive file id (e.g. a stand-in spreadsheet) known to the permissions API. */
  registerDriveFile(fileId: string): void;
  /** The text shown after submitting (a Forms UI setting, not in the API). */
  setConfirmationMessage(formId: string, message: string | undefined): void;
}

function userOf(req: IncomingMessage, query: URLSearchParams): { user?: string; apiKey: boolean } {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) return { user: bearer, apiKey: false };
  return { apiKey: query.has('key') };
}

function authError(apiKey: boolean): ApiError {
  return new ApiError(
    401,
    apiKey
      ? 'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal.'
      : 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  );
}

export async function startFormsStandIn(options: FormsStandInOptions = {}): Promise<FormsStandIn> {
  const now = options.now ?? Date.now;
  const state = new FormsState(options.dataDir, now);
  const faults = new FaultInjector(options.faults ?? {}, now);
  const delivery = new PushDelivery(options.pushEndpoints ?? {}, options.delivery ?? {}, now);
  let baseUrl = '';
  const routes: Route[] = [
    ...formsRoutes(state, {
      url: () => baseUrl,
      publishOnCreate: options.publishOnCreate ?? false,
    }),
    ...driveRoutes(state),
  ];

  state.onChange((event) => {
    const type = event.type === 'response' ? 'RESPONSES' : 'SCHEMA';
    for (const watch of liveWatches(state, event.formId)) {
      if (watch.eventType === type && watch.state === 'ACTIVE') delivery.publish(watch);
    }
  });

  async function api(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ) {
    let found: { route: Route; params: string[] } | undefined;
    for (const route of routes) {
      const match = route.method === req.method ? route.pattern.exec(path) : null;
      if (match) {
        found = { route, params: match.slice(1).map((p) => decodeURIComponent(p)) };
        break;
      }
    }
    if (!found) {
      return sendJson(res, 404, googleErrorBody(404, `No such method: ${req.method} ${path}`));
    }
    const { route, params } = found;
    const { user, apiKey } = userOf(req, query);
    if (!user && options.requireAuth !== false) throw authError(apiKey);
    const decision = faults.decide(route.kind, user ?? 'anonymous');
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const service = path.startsWith('/drive/') ? 'drive.googleapis.com' : 'forms.googleapis.com';
    if (decision.type === 'error') {
      return sendJson(
        res,
        decision.status,
        googleErrorBody(decision.status, faultMessage(decision, service)),
      );
    }
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(400, 'Invalid JSON payload received. Unexpected token.');
    }
    const result: ApiResult = route.handle({ params, query, body });
    // An ambiguous failure: the change is applied, then the caller never hears back.
    if (decision.type === 'ambiguous') return void req.socket.destroy();
    if (result.body === undefined) return void res.writeHead(result.status).end();
    sendJson(res, result.status, result.body);
  }

  function index(res: ServerResponse) {
    const rows = [...state.forms.values()]
      .map(
        (f) =>
          `<li><a href="${escapeHtml(responderUri(baseUrl, f))}">${escapeHtml(formTitle(f))}</a></li>`,
      )
      .join('');
    sendHtml(
      res,
      200,
      `<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Biểu mẫu cục bộ</title><h1>Biểu mẫu cục bộ</h1><ul>${rows || '<li>Chưa có biểu mẫu nào.</li>'}</ul></html>`,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    try {
      if (path.startsWith('/__control/'))
        return await handleControl(req, res, path, { state, faults, delivery });
      if (PAGE_PATH.test(path))
        return await handlePage(req, res, state, baseUrl, path, url.searchParams);
      if (path === '/' && req.method === 'GET') return index(res);
      await api(req, res, path, url.searchParams);
    } catch (error) {
      if (res.headersSent) return;
      if (error instanceof ApiError) return sendJson(res, error.code, error.body);
      if (error instanceof BodyTooLargeError)
        return sendJson(res, 413, googleErrorBody(400, error.message));
      console.error('forms stand-in: internal error', error);
      sendJson(res, 500, googleErrorBody(500, 'Internal error encountered.'));
    }
  }

  const running = await listenLoopback((req, res) => void handle(req, res), options.port ?? 0);
  baseUrl = running.url;

  const requireForm = (formId: string) => {
    const form = state.forms.get(formId);
    if (!form) throw new Error(`no form ${formId}`);
    return form;
  };

  return {
    url: running.url,
    port: running.port,
    faults,
    setPushEndpoint: (topicName, url) => delivery.setEndpoint(topicName, url),
    flushDeliveries: () => delivery.flush(),
    async close() {
      await delivery.close();
      await running.close();
    },
    stats: () => stats({ state, faults, delivery }),
    form: (formId) => {
      const form = state.forms.get(formId);
      return form ? toApiForm(form, baseUrl) : undefined;
    },
    responses: (formId) => state.responsesOf(formId).map((r) => toApiResponse(r, true)),
    watches: (formId) =>
      state.watches
        .filter((w) => w.formId === formId)
        .map((w) => ({ ...toApiWatch(w), expired: w.expireTimeMs <= now() })),
    prefillUrl(formId, values) {
      const query = new URLSearchParams();
      for (const [questionId, value] of Object.entries(values)) {
        for (const v of Array.isArray(value) ? value : [value])
          query.append(`entry.${entryId(questionId)}`, v);
      }
      return `${responderUri(baseUrl, requireForm(formId))}?${query}`;
    },
    registerDriveFile(fileId) {
      state.driveFiles.add(fileId);
      state.save();
    },
    setConfirmationMessage(formId, message) {
      const form = requireForm(formId);
      if (message === undefined) delete form.confirmationMessage;
      else form.confirmationMessage = message;
      state.save();
    },
  };
}
