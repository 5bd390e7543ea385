// The import rules that make the tree the architecture (README "Layout"); `npm run check` runs them.
/** Folders by who may import them: a rule names what each folder must never reach. */
const IO_MODULES =
  '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|tls|worker_threads)$|^(googleapis|@googleapis/|nodemailer|exceljs|hyperformula|@google-cloud/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle hides which module is lower; split the shared piece out.',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'forms-is-the-ground-floor',
      severity: 'error',
      comment:
        'forms/ (the definition format and the form builder) imports nothing of the project above it.',
      from: { path: '^forms/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(functions|cli|local|testing|bench|infra|campaigns|scripts|test)/' },
    },
    {
      name: 'pure-core-and-forms',
      severity: 'error',
      comment:
        'functions/core, functions/mail and forms/ are pure: no I/O, no Google or mail clients.',
      from: { path: '^(forms|functions/core|functions/mail)/', pathNot: '\\.test\\.ts$' },
      to: { path: IO_MODULES },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'functions/core is the bottom of the deployed tree: forms/ and itself only.',
      from: { path: '^functions/core/', pathNot: '\\.test\\.ts$' },
      to: { path: '^functions/(?!core/)' },
    },
    {
      name: 'mail-templates-are-pure',
      severity: 'error',
      comment: 'Templates render; they never reach the platform, the sheet or the application.',
      from: { path: '^functions/mail/', pathNot: '\\.test\\.ts$' },
      to: { path: '^functions/(platform|sheet|app|entry)/' },
    },
    {
      name: 'platform-is-low',
      severity: 'error',
      comment:
        'Config, Google clients, errors, log, gate and SMTP serve the application; never the reverse.',
      from: { path: '^functions/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: '^functions/(app|entry|sheet|mail)/' },
    },
    {
      name: 'sheet-below-app',
      severity: 'error',
      comment:
        'The layout contract, reading and write planning serve sync and remind, never the reverse.',
      from: { path: '^functions/sheet/', pathNot: '\\.test\\.ts$' },
      to: { path: '^functions/(app|entry)/' },
    },
    {
      name: 'only-entry-registers',
      severity: 'error',
      comment: 'The entry registers the functions; nothing else imports it.',
      from: { pathNot: '^(functions/entry/|bench/|test/|local/localmode)' },
      to: { path: '^functions/entry/' },
    },
    {
      name: 'deployed-tree-stays-deployable',
      severity: 'error',
      comment:
        'functions/ is exactly what ships: it never reaches the CLI, the stand-ins, test helpers or dev tools.',
      from: { path: '^functions/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(cli|local|testing|bench|infra|scripts|test)/' },
    },
    {
      name: 'deployed-tree-no-dev-dependencies',
      severity: 'error',
      comment: 'A devDependency is not installed where the functions run.',
      from: { path: '^functions/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-never-imports-local-or-tests',
      severity: 'error',
      comment:
        'The CLI runs on a coordinator machine: the stand-ins and test helpers are not there.',
      from: { path: '^cli/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(local|testing|bench|test)/' },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      comment: 'Shared test helpers live in testing/; test files import, they are never imported.',
      from: {},
      to: { path: '(^test/|\\.test\\.ts$)' },
    },
    {
      name: 'local-only-from-local-tests-bench',
      severity: 'error',
      comment:
        'The stand-ins are for local mode, tests and the benchmark; the product never imports them.',
      from: { path: '^(functions|forms|cli|campaigns|infra|scripts)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^local/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.local-data)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
