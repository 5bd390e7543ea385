import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDeployedConfig } from './config.ts';
import { FUNCTION_SCOPES, googleClients } from './google.ts';

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

describe('a deployed function’s settings', () => {
  const deployed = {
    ...complete,
    SHEET_URL: 'https://docs.google.com/spreadsheets/d/sheet/edit',
    SMTP_PORT: '587',
    SMTP_SECURE: 'false',
  };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadDeployedConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it.each([
    ['no BAOCAO_FUNCTION', deployed, ['BAOCAO_FUNCTION: missing']],
    [
      'an unknown function',
      { ...deployed, BAOCAO_FUNCTION: 'sync' },
      ['BAOCAO_FUNCTION: must be one of syncOnFormsEvent, syncSweep, remind, renewWatch'],
    ],
    [
      'the renewal without its topic',
      { ...deployed, BAOCAO_FUNCTION: 'renewWatch' },
      ['WATCH_TOPIC: missing'],
    ],
    [
      'an SMTP user without a password',
      { ...deployed, BAOCAO_FUNCTION: 'remind', SMTP_USER: 'mailer' },
      ['SMTP_PASSWORD: missing (SMTP_USER is set)'],
    ],
    [
      'a wrong topic',
      { ...deployed, BAOCAO_FUNCTION: 'renewWatch', WATCH_TOPIC: 'forms-watch' },
      ['WATCH_TOPIC: must be projects/PROJECT/topics/TOPIC'],
    ],
  ])('refuses %s, naming the setting', (_case, env, problems) => {
    expect(problemsOf(env)).toEqual(problems);
  });

  it('accepts every setting its function declares', () => {
    expect(problemsOf({ ...deployed, BAOCAO_FUNCTION: 'syncSweep' })).toEqual([]);
  });
});

describe("the functions' Google access", () => {
  it('asks only for Sheets and read-only form responses (which covers the watch)', () => {
    const clients = googleClients(loadConfig(complete), { scopes: FUNCTION_SCOPES });
    const auth = clients.sheets.context._options.auth as { scopes?: string[] };
    expect(auth.scopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets',
      'https://www.googleapis.com/auth/forms.responses.readonly',
    ]);
  });
});
