// The Forms v1 + Drive permissions stand-in on loopback, with the respondent page and watch delivery.
import { type Context, Hono } from 'hono';
import { ApiError } from '../api-error.ts';
import { type FaultConfig, FaultInjector, googleErrorBody } from '../faults.ts';
import { answerGoogleErrors, type GoogleApiOptions } from '../google-api.ts';
import { json, listenLoopback, type NodeEnv, page } from '../http.ts';
import { formsApi, responderUri, toApiForm } from './api.ts';
import { controls, stats } from './control.ts';
import { type DeliveryOptions, PushDelivery } from './delivery.ts';
import { driveApi } from './drive.ts';
import { entryId } from './ids.ts';
import { respondentPages } from './page.ts';
import { formTitle, renderFormList } from './page-html.ts';
import { toApiResponse } from './responses.ts';
import { FormsState } from './state.ts';
import {
  changeWatch,
  expireWatches,
  liveWatches,
  suspendWatches,
  toApiWatch,
  type WatchChange,
} from './watches.ts';

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
  /** Drive files held by another stand-in (local mode's spreadsheets), shareable here. */
  otherDriveFiles?: (fileId: string) => boolean;
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
  /** All watches of a form, expired ones included (with `expired: true`), and who created each. */
  watches(
    formId: string,
  ): (ReturnType<typeof toApiWatch> & { expired: boolean; owner: string | undefined })[];
  /**
   * Puts the form's watches in Google's SUSPENDED state (PROJECT_NOT_AUTHORIZED); with
   * `persist` the cause stays (new watches too, renewal fails) until `refused: false`.
   */
  suspendWatches(formId: string, options?: { refused?: boolean; persist?: boolean }): void;
  /** Makes the form's watches expire now, as if nobody had renewed them for seven days. */
  expireWatches(formId: string): void;
  /** A personal link: the responder URL with `entry.<decimal id>` prefill parameters. */
  prefillUrl(formId: string, values: Record<string, string | string[]>): string;
  /** Makes a Drive file id (e.g. a stand-in spreadsheet) known to the permissions API. */
  registerDriveFile(fileId: string): void;
  /** The text shown after submitting (a Forms UI setting, not in the API). */
  setConfirmationMessage(formId: string, message: string | undefined): void;
  /** What Google does to a watch on its own: suspends it, or lets it run out (expiresInMs ≤ 0). */
  breakWatch(formId: string, change: WatchChange): void;
}

/** The OAuth user a call comes from; Google refuses calls without one, and API keys too. */
function caller(c: Context, requireAuth: boolean): string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) return bearer;
  if (!requireAuth) return 'anonymous';
  throw new ApiError(
    401,
    c.req.query('key') !== undefined
      ? 'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal.'
      : 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  );
}

export async function startFormsStandIn(options: FormsStandInOptions = {}): Promise<FormsStandIn> {
  const now = options.now ?? Date.now;
  const state = new FormsState(options.dataDir, now, options.otherDriveFiles);
  const faults = new FaultInjector(options.faults ?? {}, now);
  const delivery = new PushDelivery(options.pushEndpoints ?? {}, options.delivery ?? {}, now);
  let baseUrl = '';
  const url = () => baseUrl;

  state.onChange((event) => {
    for (const watch of liveWatches(state, event.formId)) {
      // A suspended watch publishes nothing: that is what SUSPENDED means on Google.
      if (watch.state === 'ACTIVE') delivery.publish(watch);
    }
  });

  const google: GoogleApiOptions = {
    faults,
    caller: (c) => caller(c, options.requireAuth !== false),
    service: (c) =>
      c.req.path.startsWith('/drive/') ? 'drive.googleapis.com' : 'forms.googleapis.com',
  };
  const app = new Hono<NodeEnv>();
  answerGoogleErrors(app, 'forms stand-in');
  app
    .get('/', (c) =>
      page(
        c,
        200,
        renderFormList(
          [...state.forms.values()].map((f) => ({
            title: formTitle(f),
            url: responderUri(baseUrl, f),
          })),
        ),
      ),
    )
    .route(
      '/v1/forms',
      formsApi(state, { url, publishOnCreate: options.publishOnCreate ?? false }, google),
    )
    .route('/drive/v3/files', driveApi(state, google))
    .route('/forms/d/e', respondentPages(state, url))
    .route('/__control', controls({ state, faults, delivery }))
    .notFound((c) =>
      json(c, 404, googleErrorBody(404, `No such method: ${c.req.method} ${c.req.path}`)),
    );

  const running = await listenLoopback(app, options.port ?? 0);
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
        .map((w) => ({ ...toApiWatch(w), expired: w.expireTimeMs <= now(), owner: w.owner })),
    suspendWatches: (formId, options) => suspendWatches(state, formId, options),
    expireWatches: (formId) => expireWatches(state, formId),
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
    breakWatch: (formId, change) => changeWatch(state, formId, change),
    setConfirmationMessage(formId, message) {
      const form = requireForm(formId);
      if (message === undefined) delete form.confirmationMessage;
      else form.confirmationMessage = message;
      state.save();
    },
  };
}
