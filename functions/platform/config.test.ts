import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const complete = {
  BAOCAO_CAMPAIGN: 'q7-htsd-2021',
  BAOCAO_TOKEN_SECRET: 'x'.repeat(40),
  SMTP_HOST: 'smtp.example.vn',
  MAIL_FROM: 'baocao@example.vn',
  SPREADSHEET_ID: 'sheet',
  FORM_ID: 'form',
};

describe('configuration', () => {
  it('reads a complete environment with defaults', () => {
    const config = loadConfig(complete);
    expect(config.SMTP_PORT).toBe(587);
    expect(config.SYNC_OVERLAP_SECONDS).toBe(300);
  });

  it('fails at start listing everything missing, never printing a secret', () => {
    const error = (() => {
      try {
        loadConfig({ BAOCAO_TOKEN_SECRET: 'too-short-secret-value' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const key of ['BAOCAO_CAMPAIGN', 'SMTP_HOST', 'MAIL_FROM', 'SPREADSHEET_ID', 'FORM_ID']) {
      expect(message).toContain(`${key}: missing`);
    }
    expect(message).toContain('BAOCAO_TOKEN_SECRET: must be at least 32 characters');
    expect(message).not.toContain('too-short-secret-value');
  });

  it('treats empty values as unset', () => {
    expect(() => loadConfig({ ...complete, FORM_ID: '' })).toThrow(/FORM_ID: missing/);
  });
});
