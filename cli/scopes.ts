// The OAuth scopes the coordinator's command line asks for: each one a command calls, and no more.

/**
 * What `baocao` reaches with the coordinator's sign-in, and why. No Cloud scope: `baocao doctor`
 * reads the deployment with the operator's Application Default Credentials. infra/DEPLOY.md lists exactly
 * these (test/deploy-docs.test.ts keeps the two equal).
 */
export const CLI_SCOPE_USES = {
  'https://www.googleapis.com/auth/forms.body': 'setup creates and updates the form',
  'https://www.googleapis.com/auth/forms.responses.readonly':
    'sync lists responses; the RESPONSES watch needs it',
  'https://www.googleapis.com/auth/spreadsheets': 'setup, sync, status and export use the sheet',
  'https://www.googleapis.com/auth/drive.file':
    'setup publishes the form and shares it and the sheet; doctor reads those shares',
} as const;

export const CLI_SCOPES = Object.keys(CLI_SCOPE_USES);
