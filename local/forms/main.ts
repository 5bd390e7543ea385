// Starts the Forms stand-in on its own: `npx tsx local/forms/main.ts --port 8491 --data .local/forms`.
import { parseArgs } from 'node:util';
import { startFormsStandIn } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8491' },
    data: { type: 'string' },
    /** Repeatable: projects/P/topics/T=http://127.0.0.1:8080/ */
    push: { type: 'string', multiple: true, default: [] },
    'publish-on-create': { type: 'boolean', default: false },
  },
});

const pushEndpoints: Record<string, string> = {};
for (const pair of values.push) {
  const at = pair.indexOf('=');
  if (at <= 0) throw new Error(`--push expects topicName=url, got "${pair}"`);
  pushEndpoints[pair.slice(0, at)] = pair.slice(at + 1);
}

const standIn = await startFormsStandIn({
  port: Number(values.port),
  ...(values.data ? { dataDir: values.data } : {}),
  pushEndpoints,
  publishOnCreate: values['publish-on-create'],
});
console.log(`Forms v1 + Drive permissions stand-in on ${standIn.url} (rootUrl: ${standIn.url}/)`);
console.log(values.data ? `data: ${values.data}` : 'data: memory only');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void standIn.close().then(() => process.exit(0));
  });
}
