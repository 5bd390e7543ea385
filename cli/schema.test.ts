import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { campaignJsonSchema } from '../forms/campaign-json-schema.ts';
import { main } from './main.ts';

describe('baocao schema', () => {
  it('prints the campaign file JSON Schema, needing no campaign or settings', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    expect(await main(['schema'], {}, out)).toBe(0);
    expect(JSON.parse(text)).toEqual(campaignJsonSchema());
  });
});
