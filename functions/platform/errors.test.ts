import { describe, expect, it } from 'vitest';
import { classify } from './errors.ts';

const httpError = (status: number) =>
  Object.assign(new Error(`HTTP ${status}`), { response: { status } });

describe('talking to Google', () => {
  it.each([
    [httpError(429), 'quota'],
    [httpError(500), 'transient'],
    [httpError(503), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [httpError(400), 'permanent'],
    [httpError(403), 'permanent'],
    [httpError(404), 'permanent'],
  ])('classifies %s as %s', (error, expected) => {
    expect(classify(error)).toBe(expected);
  });
});
