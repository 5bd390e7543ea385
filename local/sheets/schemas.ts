// Request bodies and query parameters of the REST boundary, validated with zod before anything uses them.
import { z } from 'zod';
import { badRequest } from '../api-error.ts';
import { type Json, jsonObject } from './model.ts';

const cellInput = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CellInput = z.infer<typeof cellInput>;

/** Values are read and written row by row only; a COLUMNS request is refused, not silently misread. */
const majorDimension = z.literal('ROWS');
const renderOption = z.enum(['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA']);
const inputOption = z.enum(['RAW', 'USER_ENTERED']);

/** Bodies are strict: an option the stand-in does not emulate is refused, not silently dropped. */
export const valueRangeSchema = z.strictObject({
  range: z.string().optional(),
  majorDimension: majorDimension.optional(),
  values: z.array(z.array(cellInput)).optional(),
});
export type ValueRangeInput = z.infer<typeof valueRangeSchema>;

export const batchUpdateValuesSchema = z.strictObject({
  valueInputOption: inputOption,
  data: z.array(valueRangeSchema.extend({ range: z.string() })),
});

/**
 * An object of a request body, checked and copied one level deep. The body comes from JSON.parse,
 * so the recursive `jsonObject` could refuse nothing below the top and would only deep-copy every
 * cell of a big batch (most of its cost); what a request keeps is parsed, and so copied, by the
 * schema that stores it (a request's own, or `cellSchema` for a cell).
 */
const bodyObject = z.record(z.string(), z.custom<Json>());

export const batchUpdateSchema = z.strictObject({
  requests: z.array(bodyObject).default([]),
  // The spreadsheet as the batch left it, in the same answer: what a caller checks its write by.
  includeSpreadsheetInResponse: z.boolean().optional(),
  responseRanges: z.array(z.string()).optional(),
  responseIncludeGridData: z.boolean().optional(),
});

export const rowDataSchema = z.object({ values: z.array(bodyObject).optional() });

const gridDataSchema = z.object({
  startRow: z.number().int().min(0).optional(),
  startColumn: z.number().int().min(0).optional(),
  rowData: z.array(rowDataSchema).optional(),
});

export const createSchema = z.strictObject({
  properties: jsonObject.optional(),
  sheets: z
    .array(
      z.strictObject({
        properties: jsonObject.optional(),
        data: z.array(gridDataSchema).optional(),
        merges: z.array(jsonObject).optional(),
        conditionalFormats: z.array(jsonObject).optional(),
        protectedRanges: z.array(jsonObject).optional(),
      }),
    )
    .optional(),
  developerMetadata: z.array(jsonObject).optional(),
});
export type CreateInput = z.infer<typeof createSchema>;

/** Parses a body (or query) with a schema, answering 400 with the first problems on failure. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw badRequest(`Invalid ${what}: ${issuesText(parsed.error)}`);
}

export function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export const valuesQuery = z.object({
  valueInputOption: inputOption.optional(),
  valueRenderOption: renderOption.default('FORMATTED_VALUE'),
  majorDimension: majorDimension.optional(),
});
