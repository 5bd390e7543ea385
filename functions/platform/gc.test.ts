import { afterEach, describe, expect, it } from 'vitest';
import { exposedGc } from './gc.ts';

const scope = globalThis as { gc?: unknown };
const before = scope.gc;

describe('the runtime collector', () => {
  afterEach(() => {
    scope.gc = before;
  });

  it('is absent where Node does not expose one', () => {
    scope.gc = undefined;
    expect(exposedGc()).toBeUndefined();
  });

  it('runs the exposed one', () => {
    let runs = 0;
    scope.gc = () => runs++;
    exposedGc()?.();
    expect(runs).toBe(1);
  });
});
