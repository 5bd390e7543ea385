// Form responses: recording a submission or an edit, and responses.list / responses.get as Google answers them.
import { badRequest, notFound } from '../api-error.ts';
import { editToken, isoMillis, parseTimestampNanos, responseId } from './ids.ts';
import type { FormsState, StoredForm, StoredResponse } from './state.ts';

export const MAX_PAGE_SIZE = 5000;

/** The FormResponse JSON; list answers omit formId, as Google's do. */
export function toApiResponse(response: StoredResponse, withFormId: boolean) {
  const answers: Record<
    string,
    { questionId: string; textAnswers: { answers: { value: string }[] } }
  > = {};
  for (const [questionId, values] of Object.entries(response.answers)) {
    answers[questionId] = {
      questionId,
      textAnswers: { answers: values.map((value) => ({ value })) },
    };
  }
  return {
    ...(withFormId ? { formId: response.formId } : {}),
    responseId: response.responseId,
    createTime: response.createTime,
    lastSubmittedTime: response.lastSubmittedTime,
    ...(Object.keys(answers).length > 0 ? { answers } : {}),
  };
}

/**
 * Stores a submission. With the token of an earlier response it is an edit: same responseId and
 * createTime, a new lastSubmittedTime, the answers replaced (Google keeps no history either).
 */
export function recordResponse(
  state: FormsState,
  form: StoredForm,
  answers: Record<string, string[]>,
  token: string | undefined,
): StoredResponse {
  const lastSubmittedTime = state.submissionStamp();
  const existing = token ? findByEditToken(state, form.formId, token) : undefined;
  const response: StoredResponse = existing
    ? { ...existing, answers, lastSubmittedTime }
    : {
        formId: form.formId,
        responseId: responseId(),
        createTime: isoMillis(Date.parse(lastSubmittedTime)),
        lastSubmittedTime,
        answers,
        editToken: editToken(),
      };
  state.responses.set(response.responseId, response);
  state.save();
  state.emit({ type: 'response', formId: form.formId, responseId: response.responseId });
  return response;
}

export function findByEditToken(
  state: FormsState,
  formId: string,
  token: string,
): StoredResponse | undefined {
  for (const r of state.responses.values()) {
    if (r.formId === formId && r.editToken === token) return r;
  }
  return undefined;
}

interface Filter {
  op: '>' | '>=';
  nanos: bigint;
}

function parseFilter(text: string): Filter | undefined {
  if (text.trim() === '') return undefined;
  const match = /^\s*timestamp\s*(>=|>)\s*(\S+)\s*$/.exec(text);
  const nanos = match?.[2] ? parseTimestampNanos(match[2]) : undefined;
  if (!match || nanos === undefined) {
    throw badRequest(
      `Invalid filter "${text}". Supported filters are "timestamp > N" and "timestamp >= N" with N in RFC3339 UTC "Zulu" format.`,
    );
  }
  return { op: match[1] === '>=' ? '>=' : '>', nanos };
}

interface PageToken {
  filter: string;
  after: string;
  id: string;
}

function decodeToken(token: string, filter: string): PageToken {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('Invalid page token.');
  }
  const t = decoded as Partial<PageToken>;
  if (typeof t.after !== 'string' || typeof t.id !== 'string' || typeof t.filter !== 'string') {
    throw badRequest('Invalid page token.');
  }
  if (t.filter !== filter) {
    throw badRequest('The page token does not match the filter of the original request.');
  }
  return t as PageToken;
}

const nanosOf = (r: StoredResponse) => parseTimestampNanos(r.lastSubmittedTime) ?? 0n;

function compare(a: StoredResponse, b: StoredResponse): number {
  const d = nanosOf(a) - nanosOf(b);
  if (d !== 0n) return d < 0n ? -1 : 1;
  return a.responseId < b.responseId ? -1 : a.responseId > b.responseId ? 1 : 0;
}

/**
 * responses.list: oldest lastSubmittedTime first. The page token remembers the last response
 * returned, so an edit made while paging moves that response to a later page rather than
 * skipping another one.
 */
export function listResponses(
  state: FormsState,
  formId: string,
  query: Record<string, string | undefined>,
) {
  const filterText = query.filter ?? '';
  const filter = parseFilter(filterText);
  const sizeText = query.pageSize;
  const size = sizeText === undefined ? 0 : Number(sizeText);
  if (!Number.isInteger(size) || size < 0)
    throw badRequest('pageSize must be a non-negative integer.');
  const pageSize = size === 0 ? MAX_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
  const tokenText = query.pageToken;
  const token = tokenText ? decodeToken(tokenText, filterText) : undefined;

  let rows = state.responsesOf(formId).sort(compare);
  if (filter) {
    rows = rows.filter((r) =>
      filter.op === '>' ? nanosOf(r) > filter.nanos : nanosOf(r) >= filter.nanos,
    );
  }
  if (token) {
    const after = BigInt(token.after);
    rows = rows.filter(
      (r) => nanosOf(r) > after || (nanosOf(r) === after && r.responseId > token.id),
    );
  }
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const nextPageToken =
    rows.length > pageSize && last
      ? Buffer.from(
          JSON.stringify({ filter: filterText, after: String(nanosOf(last)), id: last.responseId }),
        ).toString('base64url')
      : undefined;
  return {
    ...(page.length > 0 ? { responses: page.map((r) => toApiResponse(r, false)) } : {}),
    ...(nextPageToken ? { nextPageToken } : {}),
  };
}

export function getResponse(state: FormsState, formId: string, id: string) {
  const response = state.responses.get(id);
  if (!response || response.formId !== formId) throw notFound(`Response ${id} not found.`);
  return toApiResponse(response, true);
}
