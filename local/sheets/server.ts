// The Sheets v4 stand-in's HTTP server: the REST methods, the sheet view and the control endpoints.
import { Hono } from 'hono';
import { type FaultConfig, FaultInjector, faultConfigSchema, googleErrorBody } from '../faults.ts';
import { answerGoogleErrors } from '../google-api.ts';
import { json, listenLoopback, type NodeEnv } from '../http.ts';
import { sheetsApi } from './api.ts';
import type { JsonObject, SpreadsheetState } from './model.ts';
import { runRequests } from './requests.ts';
import { SheetsStore } from './store.ts';
import { sheetView } from './view.ts';

export interface SheetsStandInOptions {
  /** Port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** Folder for the `sheets.json` snapshot; without it the stand-in keeps everything in memory. */
  dataDir?: string;
  /** Faults and quota; no quota unless configured, so tests opt in. */
  faults?: FaultConfig;
  now?: () => number;
}

export interface SheetsStandIn {
  url: string;
  port: number;
  faults: FaultInjector;
  getSpreadsheet(id: string): SpreadsheetState | undefined;
  /**
   * Applies `requests` as someone editing the sheet would, just before the next batchUpdate
   * anyone sends: a coordinator's edit landing between a reader's read and its write.
   */
  beforeNextBatchUpdate(id: string, requests: JsonObject[]): void;
  listSpreadsheets(): SpreadsheetState[];
  close(): Promise<void>;
}

const SERVICE = 'sheets.googleapis.com';

/** Test and runner controls (never faulted): switch faults, read and reset the counters. */
function controls(faults: FaultInjector, store: SheetsStore) {
  return new Hono<NodeEnv>()
    .post('/faults', async (c) => {
      const parsed = faultConfigSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return json(c, 400, googleErrorBody(400, parsed.error.message));
      faults.configure(parsed.data);
      return json(c, 200, { faults: faults.current });
    })
    .get('/stats', (c) =>
      json(c, 200, {
        stats: faults.stats,
        faults: faults.current,
        spreadsheets: store.list().length,
      }),
    )
    .post('/stats/reset', (c) => {
      faults.resetStats();
      return json(c, 200, { stats: faults.stats });
    })
    .all('*', (c) => json(c, 404, googleErrorBody(404, `Unknown control endpoint: ${c.req.path}`)));
}

export async function startSheetsStandIn(
  options: SheetsStandInOptions = {},
): Promise<SheetsStandIn> {
  const now = options.now ?? Date.now;
  const store = new SheetsStore(options.dataDir, now);
  const faults = new FaultInjector(options.faults ?? {}, now);
  let baseUrl = '';
  const interposed: (() => void)[] = [];
  const api = sheetsApi(
    store,
    () => baseUrl,
    {
      faults,
      caller: (c) =>
        /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ??
        c.req.query('key') ??
        'anonymous',
      service: () => SERVICE,
    },
    interposed,
  );
  const app = new Hono<NodeEnv>({ strict: false });
  answerGoogleErrors(app, 'sheets stand-in');
  app
    .route('/v4/spreadsheets', api)
    .route('/view', sheetView(store))
    .route('/__control', controls(faults, store))
    .notFound((c) =>
      json(c, 404, googleErrorBody(404, `Method not found: ${c.req.method} ${c.req.path}`)),
    );

  const running = await listenLoopback(app, options.port ?? 0);
  baseUrl = running.url;

  return {
    url: running.url,
    port: running.port,
    faults,
    getSpreadsheet: (id) => store.get(id),
    beforeNextBatchUpdate: (id, requests) => {
      interposed.push(() => store.mutate(id, (draft, ctx) => runRequests(draft, requests, ctx)));
    },
    listSpreadsheets: () => store.list(),
    close: async () => {
      await running.close();
      await store.flush();
    },
  };
}
