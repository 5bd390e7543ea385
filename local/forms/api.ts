// Forms v1 REST methods: forms.create/get/batchUpdate/setPublishSettings, responses and watches.
import { type Context, Hono } from 'hono';
import { badRequest, invalidPayload, notFound } from '../api-error.ts';
import {
  customMethod,
  type GoogleApiOptions,
  type GoogleMethod,
  googleMethod,
  withoutVerb,
} from '../google-api.ts';
import type { NodeEnv } from '../http.ts';
import { applyBatch, revisionId } from './batch.ts';
import { isoMillis, formId as newFormId, responderId } from './ids.ts';
import { getResponse, listResponses } from './responses.ts';
import { createFormSchema, publishSettingsSchema } from './schemas.ts';
import type { FormsState, StoredForm } from './state.ts';
import { createWatch, deleteWatch, listWatches, renewWatch } from './watches.ts';

export interface FormsApiOptions {
  /** Base URL of the stand-in, for responderUri. */
  url: () => string;
  /**
   * Whether forms.create without `unpublished` publishes the form. Google announced that forms
   * created by the API start unpublished; false (the default) makes setup prove it publishes.
   */
  publishOnCreate: boolean;
}

export const responderUri = (baseUrl: string, form: StoredForm) =>
  `${baseUrl}/forms/d/e/${form.responderId}/viewform`;

export function toApiForm(form: StoredForm, baseUrl: string) {
  return {
    formId: form.formId,
    info: form.info,
    settings: form.settings,
    revisionId: revisionId(form),
    responderUri: responderUri(baseUrl, form),
    ...(form.items.length > 0 ? { items: form.items } : {}),
    publishSettings: publishSettingsOf(form),
  };
}

const publishSettingsOf = (form: StoredForm) => ({
  publishState: {
    isPublished: form.isPublished,
    isAcceptingResponses: form.isAcceptingResponses,
  },
});

function requireForm(state: FormsState, formId: string): StoredForm {
  const form = state.forms.get(formId);
  if (!form) throw notFound(`Requested entity was not found. (form ${formId})`);
  return form;
}

function createForm(state: FormsState, options: FormsApiOptions, raw: unknown) {
  const parsed = createFormSchema.safeParse(raw ?? {});
  if (!parsed.success) throw invalidPayload(parsed.error);
  const extra = Object.keys(parsed.data).filter((k) => k !== 'info');
  const info = (parsed.data.info ?? {}) as Record<string, unknown>;
  const extraInfo = Object.keys(info).filter((k) => k !== 'title' && k !== 'documentTitle');
  if (extra.length > 0 || extraInfo.length > 0) {
    throw badRequest(
      'Only info.title and info.document_title can be set when creating a form. To add items and change settings, use batchUpdate.',
    );
  }
  const title = typeof info.title === 'string' ? info.title : undefined;
  const documentTitle = typeof info.documentTitle === 'string' ? info.documentTitle : undefined;
  const published = options.publishOnCreate;
  const form: StoredForm = {
    formId: newFormId(),
    responderId: responderId(),
    info: {
      ...(title !== undefined ? { title } : {}),
      documentTitle: documentTitle ?? title ?? 'Untitled form',
    },
    settings: { emailCollectionType: 'DO_NOT_COLLECT' },
    items: [],
    revision: 1,
    isPublished: published,
    isAcceptingResponses: published,
    createTime: isoMillis(state.now()),
  };
  state.forms.set(form.formId, form);
  state.save();
  return toApiForm(form, options.url());
}

function batchUpdate(state: FormsState, options: FormsApiOptions, formId: string, raw: unknown) {
  const current = requireForm(state, formId);
  const outcome = applyBatch(current, raw);
  state.forms.set(formId, outcome.form);
  state.save();
  const body = (raw ?? {}) as { includeFormInResponse?: boolean };
  return {
    ...(body.includeFormInResponse ? { form: toApiForm(outcome.form, options.url()) } : {}),
    replies: outcome.replies,
    writeControl: { requiredRevisionId: revisionId(outcome.form) },
  };
}

function setPublishSettings(state: FormsState, formId: string, raw: unknown) {
  const form = requireForm(state, formId);
  const parsed = publishSettingsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw invalidPayload(parsed.error);
  const mask = parsed.data.updateMask;
  if (mask !== undefined && !['*', 'publish_state', 'publishState'].includes(mask.trim())) {
    throw badRequest(`Invalid update mask "${mask}"; use "publish_state" or "*".`);
  }
  const publishState = parsed.data.publishSettings?.publishState;
  const { isPublished, isAcceptingResponses } = publishState ?? {};
  if (isPublished === undefined || isAcceptingResponses === undefined) {
    throw badRequest(
      'publishSettings.publishState must set both isPublished and isAcceptingResponses.',
    );
  }
  if (!isPublished && isAcceptingResponses) {
    throw badRequest('A form that is not published cannot accept responses.');
  }
  form.isPublished = isPublished;
  form.isAcceptingResponses = isAcceptingResponses;
  state.save();
  return { formId, publishSettings: publishSettingsOf(form) };
}

/** The `/v1/forms` methods; `options.url()` is known once the server listens. */
export function formsApi(state: FormsState, options: FormsApiOptions, google: GoogleApiOptions) {
  const read = (run: GoogleMethod) => googleMethod(google, 'read', run);
  const write = (run: GoogleMethod) => googleMethod(google, 'write', run);
  /** The form named by the path, or Google's 404; every method but create needs it. */
  const form = (c: Context) => requireForm(state, c.req.param('id') ?? '');
  const form$ = '/:id{[^/:]+}';
  return new Hono<NodeEnv>()
    .post(
      '/',
      write((_, body) => createForm(state, options, body)),
    )
    .get(
      form$,
      read((c) => toApiForm(form(c), options.url())),
    )
    .post(
      `/${customMethod('id', 'batchUpdate')}`,
      write((c, body) => batchUpdate(state, options, withoutVerb(c.req.param('id') ?? ''), body)),
    )
    .post(
      `/${customMethod('id', 'setPublishSettings')}`,
      write((c, body) => setPublishSettings(state, withoutVerb(c.req.param('id') ?? ''), body)),
    )
    .get(
      `${form$}/responses`,
      read((c) => listResponses(state, form(c).formId, c.req.query())),
    )
    .get(
      `${form$}/responses/:responseId{[^/:]+}`,
      read((c) => getResponse(state, form(c).formId, c.req.param('responseId') ?? '')),
    )
    .post(
      `${form$}/watches`,
      write((c, body) => createWatch(state, form(c).formId, body, google.caller(c))),
    )
    .get(
      `${form$}/watches`,
      read((c) => listWatches(state, form(c).formId, google.caller(c))),
    )
    .post(
      `${form$}/watches/${customMethod('watchId', 'renew')}`,
      write((c) =>
        renewWatch(
          state,
          form(c).formId,
          withoutVerb(c.req.param('watchId') ?? ''),
          google.caller(c),
        ),
      ),
    )
    .delete(
      `${form$}/watches/:watchId{[^/:]+}`,
      write((c) =>
        deleteWatch(state, form(c).formId, c.req.param('watchId') ?? '', google.caller(c)),
      ),
    );
}
