// The shape of one REST route of the stand-in: matched by method and path, answered with JSON.
import type { RequestKind } from '../faults.ts';

export interface ApiContext {
  /** Decoded path parameters captured by the route's pattern. */
  params: string[];
  query: URLSearchParams;
  /** The parsed JSON body (undefined when empty). */
  body: unknown;
}

export interface ApiResult {
  status: number;
  /** undefined answers with an empty body (204 No Content). */
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  pattern: RegExp;
  /** Counted as a read or a write by the fault injector and its quota. */
  kind: RequestKind;
  handle(ctx: ApiContext): ApiResult;
}

export const ok = (body: unknown): ApiResult => ({ status: 200, body });
