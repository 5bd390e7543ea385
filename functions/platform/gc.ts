// The runtime's garbage collector, when NODE_OPTIONS exposes it (--expose-gc, infra/catalog.ts).

/**
 * A full collection, or undefined where Node does not expose one (tests, local mode). The
 * syncs run one between passes: a pass's read, plan and mails are garbage by then, and V8
 * would otherwise let them pile up to its next limit (on a 512 MiB instance, some 30 MiB over
 * what is live) before collecting.
 */
export function exposedGc(): (() => void) | undefined {
  const gc: unknown = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? () => void gc() : undefined;
}
