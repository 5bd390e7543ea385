// Drive v3 permissions: publishing a form to responders, sharing files with a service account, listing and removing shares.
import { randomInt } from 'node:crypto';
import { Hono } from 'hono';
import { badRequest, invalidPayload, notFound } from '../api-error.ts';
import { type GoogleApiOptions, googleMethod } from '../google-api.ts';
import type { NodeEnv } from '../http.ts';
import { permissionSchema } from './schemas.ts';
import type { FormsState, StoredPermission } from './state.ts';

function toApiPermission(p: StoredPermission) {
  return {
    kind: 'drive#permission',
    id: p.id,
    type: p.type,
    role: p.role,
    ...(p.emailAddress !== undefined ? { emailAddress: p.emailAddress } : {}),
    ...(p.view !== undefined ? { view: p.view } : {}),
  };
}

function requireFile(state: FormsState, fileId: string): void {
  if (!state.isDriveFile(fileId)) throw notFound(`File not found: ${fileId}.`);
}

function permissionId(p: Omit<StoredPermission, 'id' | 'fileId'>): string {
  if (p.type === 'anyone') return 'anyoneWithLink';
  // Google's ids for people are long decimal strings.
  return `${randomInt(1, 10)}${String(randomInt(0, 1e12)).padStart(12, '0')}${String(randomInt(0, 1e7)).padStart(7, '0')}`;
}

function createPermission(state: FormsState, fileId: string, raw: unknown) {
  requireFile(state, fileId);
  const parsed = permissionSchema.safeParse(raw ?? {});
  if (!parsed.success) throw invalidPayload(parsed.error);
  const { type, role, emailAddress, view } = parsed.data;
  if (!type) throw badRequest('The permission type field is required.');
  if (!role) throw badRequest('The permission role field is required.');
  if (type === 'user' && !emailAddress) {
    throw badRequest('The permission emailAddress field is required for this type.');
  }
  if (view !== undefined && view !== 'published') {
    throw badRequest(`The permission view "${view}" is not supported.`);
  }
  if (view === 'published' && role !== 'reader') {
    throw badRequest('Only the reader role can be granted on the published view.');
  }
  const wanted = {
    type,
    role,
    ...(emailAddress !== undefined ? { emailAddress: emailAddress.toLowerCase() } : {}),
    ...(view !== undefined ? { view } : {}),
  };
  // Sharing again with the same grantee and view updates the role, as Drive does.
  const existing = state.permissions.find(
    (p) =>
      p.fileId === fileId &&
      p.type === type &&
      p.emailAddress === wanted.emailAddress &&
      p.view === wanted.view,
  );
  const permission: StoredPermission = existing
    ? Object.assign(existing, wanted)
    : { fileId, id: permissionId(wanted), ...wanted };
  if (!existing) state.permissions.push(permission);
  state.save();
  return toApiPermission(permission);
}

function deletePermission(state: FormsState, fileId: string, permissionId: string) {
  requireFile(state, fileId);
  const found = state.permissions.find((p) => p.fileId === fileId && p.id === permissionId);
  if (!found) throw notFound(`Permission not found: ${permissionId}.`);
  state.permissions = state.permissions.filter((p) => p !== found);
  state.save();
  return {};
}

/** The `/drive/v3/files` methods: permissions.create, .list and .delete. */
export function driveApi(state: FormsState, google: GoogleApiOptions) {
  return new Hono<NodeEnv>()
    .post(
      '/:fileId{[^/]+}/permissions',
      googleMethod(google, 'write', (c, body) =>
        createPermission(state, c.req.param('fileId') ?? '', body),
      ),
    )
    .get(
      '/:fileId{[^/]+}/permissions',
      googleMethod(google, 'read', (c) => {
        const fileId = c.req.param('fileId') ?? '';
        requireFile(state, fileId);
        return {
          kind: 'drive#permissionList',
          permissions: state.permissions.filter((p) => p.fileId === fileId).map(toApiPermission),
        };
      }),
    )
    .delete(
      '/:fileId{[^/]+}/permissions/:permissionId{[^/]+}',
      googleMethod(google, 'write', (c) =>
        deletePermission(state, c.req.param('fileId') ?? '', c.req.param('permissionId') ?? ''),
      ),
    );
}
