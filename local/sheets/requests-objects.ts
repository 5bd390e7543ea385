// batchUpdate requests for objects laid over the grid: protected ranges and developer metadata.
import { z } from 'zod';
import { badRequest } from '../api-error.ts';
import { applyFieldMask } from './fieldmask.ts';
import { resolveGridRange } from './grid.ts';
import {
  gridRangeSchema,
  type Json,
  type JsonObject,
  jsonObject,
  type SpreadsheetState,
} from './model.ts';
import {
  defineRequest,
  dimensionRange,
  type RequestRunner,
  requireFields,
  sheetOrThrow,
} from './request-kit.ts';

const protectedRange = jsonObject.and(
  z.object({ protectedRangeId: z.number().int().optional(), range: gridRangeSchema.optional() }),
);

function findProtected(ss: SpreadsheetState, id: number) {
  for (const sheet of ss.sheets) {
    const index = sheet.protectedRanges.findIndex((p) => p.protectedRangeId === id);
    if (index >= 0) return { sheet, index };
  }
  throw badRequest(`No protected range with id: ${id}`);
}

const addProtectedRange = defineRequest(z.object({ protectedRange }), (ss, req, ctx) => {
  const area = resolveGridRange(ss, req.protectedRange.range ?? {});
  const stored: JsonObject = {
    ...(req.protectedRange as JsonObject),
    protectedRangeId: req.protectedRange.protectedRangeId ?? ctx.newId(),
  };
  stored.range = { ...(req.protectedRange.range ?? {}), sheetId: area.sheet.properties.sheetId };
  area.sheet.protectedRanges.push(stored);
  return { addProtectedRange: { protectedRange: structuredClone(stored) } };
});

const updateProtectedRange = defineRequest(
  z.object({
    protectedRange: protectedRange.and(z.object({ protectedRangeId: z.number().int() })),
    fields: z.string().optional(),
  }),
  (ss, req) => {
    const { sheet, index } = findProtected(ss, req.protectedRange.protectedRangeId);
    const target = sheet.protectedRanges[index] as JsonObject;
    applyFieldMask(target, req.protectedRange as JsonObject, requireFields(req.fields));
    return undefined;
  },
);

const deleteProtectedRange = defineRequest(
  z.object({ protectedRangeId: z.number().int() }),
  (ss, req) => {
    const { sheet, index } = findProtected(ss, req.protectedRangeId);
    sheet.protectedRanges.splice(index, 1);
    return undefined;
  },
);

const metadataLocation = z.object({
  spreadsheet: z.boolean().optional(),
  sheetId: z.number().int().optional(),
  dimensionRange: dimensionRange.optional(),
});
const developerMetadata = jsonObject.and(
  z.object({
    metadataId: z.number().int().optional(),
    metadataKey: z.string().optional(),
    location: metadataLocation.optional(),
    visibility: z.string().optional(),
  }),
);

function locationType(loc: z.infer<typeof metadataLocation>): string {
  if (loc.sheetId !== undefined) return 'SHEET';
  if (loc.dimensionRange) return loc.dimensionRange.dimension === 'ROWS' ? 'ROW' : 'COLUMN';
  return 'SPREADSHEET';
}

const createDeveloperMetadata = defineRequest(z.object({ developerMetadata }), (ss, req, ctx) => {
  const input = req.developerMetadata;
  if (!input.metadataKey) throw badRequest('developerMetadata.metadataKey is required');
  const loc = input.location ?? { spreadsheet: true };
  if (loc.sheetId !== undefined) sheetOrThrow(ss, loc.sheetId);
  const id = input.metadataId ?? ctx.newId();
  if (ss.developerMetadata.some((m) => m.metadataId === id))
    throw badRequest(`Metadata ID ${id} already exists.`);
  const stored: JsonObject = {
    ...(input as JsonObject),
    metadataId: id,
    location: { ...loc, locationType: locationType(loc) } as Json,
    visibility: input.visibility ?? 'DOCUMENT',
  };
  ss.developerMetadata.push(stored);
  return { createDeveloperMetadata: { developerMetadata: structuredClone(stored) } };
});

const lookup = z.object({
  metadataId: z.number().int().optional(),
  metadataKey: z.string().optional(),
});
const dataFilters = z.array(z.object({ developerMetadataLookup: lookup }));

function matching(ss: SpreadsheetState, filters: z.infer<typeof dataFilters>): JsonObject[] {
  return ss.developerMetadata.filter((m) =>
    filters.some(
      ({ developerMetadataLookup: l }) =>
        (l.metadataId === undefined || m.metadataId === l.metadataId) &&
        (l.metadataKey === undefined || m.metadataKey === l.metadataKey),
    ),
  );
}

const updateDeveloperMetadata = defineRequest(
  z.object({ dataFilters, developerMetadata: jsonObject, fields: z.string().optional() }),
  (ss, req) => {
    const paths = requireFields(req.fields);
    const found = matching(ss, req.dataFilters);
    for (const m of found) applyFieldMask(m, req.developerMetadata, paths);
    return { updateDeveloperMetadata: { developerMetadata: structuredClone(found) } };
  },
);

const deleteDeveloperMetadata = defineRequest(
  z.object({ dataFilter: z.object({ developerMetadataLookup: lookup }) }),
  (ss, req) => {
    const found = matching(ss, [req.dataFilter]);
    ss.developerMetadata = ss.developerMetadata.filter((m) => !found.includes(m));
    return { deleteDeveloperMetadata: { deletedDeveloperMetadata: structuredClone(found) } };
  },
);

export const OBJECT_REQUESTS: Record<string, RequestRunner> = {
  addProtectedRange,
  updateProtectedRange,
  deleteProtectedRange,
  createDeveloperMetadata,
  updateDeveloperMetadata,
  deleteDeveloperMetadata,
};
