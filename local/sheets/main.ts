// Runs the Sheets stand-in on its own: `npx tsx local/sheets/main.ts [--port 8081] [--data DIR] [--quota]`.
import { parseArgs } from 'node:util';
import { DEFAULT_QUOTA } from '../faults.ts';
import { startSheetsStandIn } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string' },
    quota: { type: 'boolean', default: false },
    seed: { type: 'string' },
  },
});

const standIn = await startSheetsStandIn({
  port: Number(values.port),
  dataDir: values.data,
  faults: {
    quota: values.quota ? DEFAULT_QUOTA : false,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
  },
});
console.log(`Sheets v4 stand-in: ${standIn.url}/  (rootUrl for @googleapis/sheets)`);
console.log(`Sheet view:         ${standIn.url}/view`);
console.log(
  `Fault control:      POST ${standIn.url}/__control/faults, GET ${standIn.url}/__control/stats`,
);
console.log(
  values.data
    ? `Persisting to ${values.data}/sheets.json`
    : 'In memory only (pass --data DIR to persist)',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // Closing flushes the pending snapshot, so Ctrl+C loses no committed write.
    standIn.close().then(() => process.exit(0));
  });
}
