// Turns the measurements into the printed table with the issue's targets and PASS/FAIL verdicts.

import { DEFAULT_SYNC_BURST, DEFAULT_SYNC_REFILL_MS } from '../functions/platform/config.ts';
import type { RemindRun, SyncRun } from './bulk.ts';
import type { Burst } from './burst.ts';
import { type CitySetup, type FirstByte, GOOGLE_CELL_LIMIT, type Steady } from './city.ts';
import { type ColdStart, medianImport, medianProcess } from './coldstart.ts';
import {
  dec1,
  dec2,
  int,
  mib,
  ms,
  type Row,
  renderTable,
  type Section,
  seconds,
  verdict,
} from './format.ts';
import type { Latency, Lone } from './ingest.ts';
import type { Rush } from './rush.ts';
import { median, percentile } from './stats.ts';

export interface Results {
  cold: ColdStart | undefined;
  ingest: { lone: Lone; latency: Latency; burst: Burst } | undefined;
  scale: { remind: RemindRun; sync: SyncRun } | undefined;
  city: { setup: CitySetup; rush: Rush; steady: Steady; firstByte: FirstByte } | undefined;
}

const MB = 1024 * 1024;
/** Issue 11: the sync entry imports at least 30× faster than googleapis, in at most 20 ms. */
const COLD_RATIO_TARGET = 30;
const COLD_MS_TARGET = 20;

function coldSection(c: ColdStart): Section {
  const ref = medianImport(c.reference.timing);
  const refProcess = medianProcess(c.reference.timing);
  const rows: Row[] = c.entries.map((e) => {
    const m = medianImport(e.timing);
    const ratio = ref / m;
    const isSync = e.key === 'sync';
    return {
      what: `import ${e.key} (${e.entryPoint}), framework preloaded${e.registered ? '' : ' NOT REGISTERED'}`,
      value: `${ms(m)} (framework itself ${ms(median(e.timing.frameworkMs))}; process ${ms(medianProcess(e.timing))}) · ${dec1(ratio)}× faster`,
      // Both halves of the issue's target: the ratio alone would pass on a slow reference run.
      ...(isSync
        ? {
            target: `≥ ${COLD_RATIO_TARGET}× (≤ ${COLD_MS_TARGET} ms)`,
            verdict: verdict(ratio >= COLD_RATIO_TARGET && m <= COLD_MS_TARGET && e.registered),
          }
        : {}),
    };
  });
  const sync = c.entries.find((e) => e.key === 'sync');
  if (sync && sync.timing.firstMs.length > 0) {
    rows.push({
      what: '  sync: first invocation after the import (builds the clients, no network)',
      value: ms(median(sync.timing.firstMs)),
    });
  }
  rows.push({
    what: `import ${c.reference.label}`,
    value: `${ms(ref)} (process ${ms(refProcess)})`,
  });
  return {
    title: `Cold start — median of ${c.runs} fresh node processes each, interleaved, after one warm-up`,
    rows,
    notes: [
      `bundle: ${c.bundle.origin}, ${int(c.bundle.bytes / 1024)} KiB`,
      `reference: ${c.reference.note}`,
      'import = the ESM import alone (node start excluded), after the Functions Framework as in Cloud Functions; framework itself = its own import just before, in the same process; process = spawn to exit',
    ],
  };
}

function requestsSection(lone: Lone, b: Burst): Section {
  const per = (n: number) => dec2(n / b.units);
  return {
    title: `Sheets requests per response (production gate: ${DEFAULT_SYNC_BURST} requests back to back, one more per ${DEFAULT_SYNC_REFILL_MS / 1000} s; push on)`,
    rows: [
      {
        what: 'lone response, warm instance: reads / writes',
        value: `${int(lone.reads)} / ${int(lone.writes)} (${lone.outcome}; ${dec1(lone.readBytes / 1024)} KiB read)`,
        target: '≤ 1 / ≤ 2',
        verdict: verdict(lone.reads <= 1 && lone.writes <= 2),
      },
      {
        what: `burst of ${b.units} (${b.units} units, ${int(b.spreadMs / 1000)} s): reads / writes in all`,
        value: `${int(b.reads)} / ${int(b.writes)} in ${int(b.syncRuns)} sync runs`,
        target: 'writes ≤ 30',
        verdict: verdict(b.writes <= 30),
      },
      {
        what: '  per response: reads / writes',
        value: `${per(b.reads)} / ${per(b.writes)}`,
      },
      {
        what: '  naive flow (append + read-and-update each)',
        value: `${int(b.units)} / ${int(2 * b.units)} (1 / 2 per response; ≥ ${int((2 * b.units) / 60)} min of write quota)`,
      },
    ],
  };
}

function quotaSection(b: Burst): Section {
  const within = b.allRowsMs !== undefined && b.allRowsMs <= 120_000;
  const intact = b.accepted === b.units && b.receipts === b.units && b.marked === b.units;
  return {
    title: 'The burst under the default Sheets quota (60 reads + 60 writes per minute per user)',
    rows: [
      {
        what: 'all rows in "Nhật ký", from the first submission',
        value: b.allRowsMs === undefined ? `${b.rows}/${b.units} only` : seconds(b.allRowsMs),
        target: '≤ 120 s',
        verdict: verdict(within),
      },
      {
        what: 'all receipts in the inbox / all marked sent',
        value: `${b.allReceiptsMs === undefined ? `${b.receipts}/${b.units}` : seconds(b.allReceiptsMs)} / ${b.allMarkedMs === undefined ? `${b.marked}/${b.units}` : seconds(b.allMarkedMs)}`,
      },
      {
        what: '429s met (quota)',
        value: `${int(b.quota429)}; failed invocations ${int(b.failedRuns)} (redelivered by Pub/Sub)`,
      },
      {
        what: 'accepted / receipted / marked sent',
        value: `${b.accepted} / ${b.receipts} / ${b.marked} of ${b.units}`,
        target: 'no 429 reaches a unit',
        verdict: verdict(intact && b.submitErrors === 0),
      },
    ],
    notes: [
      `submissions spread over ${seconds(b.submitSpanMs)} (one every ${int(b.spreadMs / b.units)} ms), each walking the form's pages; ${b.submitErrors} failed`,
      `push: ${b.push.published} published, ${b.push.delivered} delivered, ${b.push.failedAttempts} failed attempts (ack deadline 10 s), ${b.push.dropped} dropped`,
    ],
  };
}

function latencySection(l: Latency): Section {
  const p50row = percentile(l.toRowMs, 50);
  const p50mail = percentile(l.toReceiptMs, 50);
  return {
    title: `Latency over ${l.toRowMs.length} lone submissions, ${int(l.spacingMs)} ms apart`,
    rows: [
      {
        what: 'submit → row written: p50 / p95',
        value: `${ms(p50row)} / ${ms(percentile(l.toRowMs, 95))}`,
        target: 'p50 < 300 ms',
        verdict: verdict(p50row < 300 && l.failures === 0),
      },
      {
        what: '  submit → row written, p95 (issue 17)',
        value: ms(percentile(l.toRowMs, 95)),
        target: '< 1.5 s',
        verdict: verdict(percentile(l.toRowMs, 95) < 1500 && l.failures === 0),
      },
      {
        what: 'submit → receipt in the inbox: p50 / p95',
        value: `${ms(p50mail)} / ${ms(percentile(l.toReceiptMs, 95))}`,
        target: 'p50 < 1 s',
        verdict: verdict(p50mail < 1000 && l.failures === 0),
      },
    ],
    notes: [
      'submit = the form recording the response (its lastSubmittedTime); row = first seen in the stand-in (5 ms polling)',
      ...(l.failures ? [`${l.failures} submissions timed out`] : []),
    ],
  };
}

function scaleSection(r: RemindRun, s: SyncRun): Section {
  return {
    title: 'At scale — each function run from the bundle in its own node process (peak = maxRSS)',
    rows: [
      {
        what: `remind ${int(r.units)} units: Sheets reads / writes`,
        value: `${r.reads} / ${r.writes}`,
        target: '≤ 2 / ≤ 2',
        verdict: verdict(r.reads <= 2 && r.writes <= 2),
      },
      {
        what: '  mails per second',
        value: `${dec1(r.mailsPerSecond)} (${int(r.sent)} reminders + digest ${r.digest} in ${seconds(r.ms)}; inbox got ${int(r.inbox)})`,
        target: '≥ 100',
        verdict: verdict(r.mailsPerSecond >= 100 && r.failed === 0 && r.sent === r.units),
      },
      {
        what: '  peak memory',
        value: mib(r.maxRssBytes),
        target: '< 200 MB',
        verdict: verdict(r.maxRssBytes < 200 * MB),
      },
      {
        what: `sync of ${int(s.responses)} responses in one page: peak memory (V8 sized as on its instance)`,
        value: mib(s.maxRssBytes),
        target: '≤ 128 MiB',
        verdict: verdict(s.maxRssBytes <= 128 * MB && s.accepted === s.responses),
      },
      {
        what: '  time, one process, start to answer',
        value: seconds(s.ms),
        target: '≤ 30 s',
        verdict: verdict(s.ms <= 30_000 && s.accepted === s.responses),
      },
      {
        what: '  listed / accepted / receipts / reads / writes',
        value: `${int(s.listed)} / ${int(s.accepted)} / ${int(s.mailsSent)} / ${s.reads} / ${s.writes} in ${seconds(s.ms)}`,
      },
    ],
    notes: [
      `slot ${r.slot}; ${int(s.responses)} responses from ${int(r.units)} units posted in ${seconds(s.createMs)} (one POST each, push off)`,
    ],
  };
}

function citySection(c: NonNullable<Results['city']>): Section {
  const { setup, rush: r, steady, firstByte } = c;
  const k = r.plan.compression;
  const within = r.allLoggedAfterMin !== undefined && r.allLoggedAfterMin <= 5;
  return {
    title: `City scale — ${int(setup.units)} units in one master sheet`,
    rows: [
      {
        what: `setup of a ${int(setup.units)}-unit campaign: Sheets requests (reads + writes)`,
        value: `${int(setup.reads + setup.writes)} (${setup.reads} + ${setup.writes})`,
        target: '≤ 10',
        verdict: verdict(setup.reads + setup.writes <= 10),
      },
      {
        what: '  time, stand-ins started and setup run',
        value: seconds(setup.ms),
        target: '≤ 60 s',
        verdict: verdict(setup.ms <= 60_000),
      },
      {
        what: "  grid cells, all tabs (Google's limit 10,000,000)",
        value: `${int(setup.cells)} (${dec2((100 * setup.cells) / GOOGLE_CELL_LIMIT)}%)`,
        target: 'well inside (< 10%)',
        verdict: verdict(setup.cells < GOOGLE_CELL_LIMIT / 10),
      },
      {
        what: `rush: ${int(r.plan.units.length)} units over ${r.plan.windowMinutes} min, ${int(r.plan.late)} in the last ${r.plan.lastMinutes}, ${int(r.plan.correcting)} correcting: all versions in "Nhật ký" after the last submission`,
        value:
          r.allLoggedAfterMin === undefined
            ? `${int(r.logged)}/${int(r.versions)} only`
            : `${dec1(r.allLoggedAfterMin)} min`,
        target: '≤ 5 min',
        verdict: verdict(within),
      },
      {
        what: '  most requests in a simulated minute (reads / writes)',
        value: `${int(r.peakReadsPerMinute)} / ${int(r.peakWritesPerMinute)}; ${int(r.quota429)} × 429 met and retried`,
        target: '≤ 60 / ≤ 60',
        verdict: verdict(r.peakReadsPerMinute <= 60 && r.peakWritesPerMinute <= 60),
      },
      {
        what: '  versions logged / failed submissions (a 429 reaching a unit)',
        value: `${int(r.logged)} of ${int(r.versions)} / ${int(r.submitErrors)}`,
        target: 'all / 0',
        verdict: verdict(r.logged === r.versions && r.submitErrors === 0),
      },
      {
        what: '  Sheets requests per version: reads / writes',
        value: `${dec2(r.reads / Math.max(1, r.versions))} / ${dec2(r.writes / Math.max(1, r.versions))} (${int(r.reads)} / ${int(r.writes)} in all)`,
      },
      {
        what: `steady sync with ${int(steady.logged)} versions logged: a lone response's reads / writes`,
        value: `${steady.reads} / ${steady.writes} (${steady.outcome})`,
        target: '≤ 1 / ≤ 2',
        verdict: verdict(steady.reads <= 1 && steady.writes <= 2),
      },
      {
        what: '  bytes its reads answered (warm instance; cold, whole log)',
        value: `${dec2(steady.readBytes / MB)} MiB (cold ${dec2(steady.coldReadBytes / MB)} MiB)`,
        target: '≤ 1 MB',
        verdict: verdict(steady.readBytes <= 1_000_000),
      },
      {
        what: `local sheet view ("Tiến độ", ${int(setup.units)} units): first byte`,
        value: `${ms(firstByte.viewMs)} (page ${int(firstByte.viewBytes / 1024)} KiB)`,
        target: '< 1 s',
        verdict: verdict(firstByte.viewMs < 1000),
      },
      {
        what: '`status`: read the sheet, summarise, print (in process; tsx start excluded)',
        value: `${ms(firstByte.statusMs)} (${firstByte.statusLines} lines)`,
        target: '< 1 s',
        verdict: verdict(firstByte.statusMs < 1000),
      },
    ],
    notes: [
      `setup tabs (rows × columns): ${setup.tabs.map((t) => `${t.title} ${int(t.rows)}×${t.columns}`).join(', ')}`,
      `rush compressed ${k}×: ${dec1(r.realMs / 60_000)} real minutes; the stand-in's quota minute lasts ${dec1(60 / k)} s (60 reads + 60 writes in each) and the gate earns its tokens ${k}× faster, so the quota logic sees Google's minutes; the work itself (listing, deciding, mail, the stand-in) is not compressed, so each run takes ${k}× longer in simulated time: harder than real, not easier`,
      `one submission = one POST of the whole form; corrections are a second submission through the same link; before the rush the log was filled through the Sheets API with ${int(steady.logged - 1)} earlier versions (${seconds(steady.fillMs)})`,
    ],
  };
}

export function report(results: Results): {
  table: string;
  notes: string[];
  passed: number;
  failed: number;
} {
  const sections: Section[] = [];
  if (results.cold) sections.push(coldSection(results.cold));
  if (results.ingest) {
    sections.push(requestsSection(results.ingest.lone, results.ingest.burst));
    sections.push(quotaSection(results.ingest.burst));
    sections.push(latencySection(results.ingest.latency));
  }
  if (results.scale) sections.push(scaleSection(results.scale.remind, results.scale.sync));
  if (results.city) sections.push(citySection(results.city));
  const verdicts = sections.flatMap((s) => s.rows.map((r) => r.verdict).filter(Boolean));
  return {
    table: renderTable(sections),
    notes: [],
    passed: verdicts.filter((v) => v === 'PASS').length,
    failed: verdicts.filter((v) => v === 'FAIL').length,
  };
}
