// The error a stand-in handler throws to answer with Google's JSON error body and status (shared by the stand-ins).
import type { z } from 'zod';
import { googleErrorBody } from './faults.ts';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** google.rpc status name when it differs from the code's usual one (e.g. FAILED_PRECONDITION). */
    readonly statusName?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get body() {
    const body = googleErrorBody(this.code, this.message);
    if (this.statusName) body.error.status = this.statusName;
    return body;
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const notFound = (message: string) => new ApiError(404, message);
export const failedPrecondition = (message: string) =>
  new ApiError(400, message, 'FAILED_PRECONDITION');

/** Turns a zod failure into the "Invalid JSON payload received" 400 Google answers. */
export function invalidPayload(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` at '${issue.path.join('.')}'` : '';
  if (issue?.code === 'unrecognized_keys') {
    return badRequest(
      `Invalid JSON payload received. Unknown name "${issue.keys.join('", "')}"${where}: Cannot find field.`,
    );
  }
  return badRequest(`Invalid JSON payload received${where}: ${issue?.message ?? 'invalid value'}.`);
}
