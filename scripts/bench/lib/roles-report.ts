/** The tables `npm run bench:roles` prints: one per role mode (scripts/bench/roles.ts). */
import type { ModeOptions, ModeResult, ShopperRow } from './roles-mode';
import { summarize, type Summary } from './stats';
import type { InstanceMemory } from './process-memory';

const PHASES: [string, string][] = [
  ['idle', 'idle (no writes)'],
  ['bulk', '(a) bulk job: apply sent → job done and every page purged'],
  ['writes', '(b) saves + webhooks: sent → all answered and every page purged'],
];

const f = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
const triple = (s: Summary) => `${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)} ms`;
const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');

function row(rows: ShopperRow[], target: string, phase: string): ShopperRow {
  return (
    rows.find((r) => r.target === target && r.phase === phase) ?? {
      target,
      phase,
      summary: summarize([]),
      errors: 0,
      timeouts: 0,
    }
  );
}

const statuses = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([status, n]) => `${status === '0' ? 'no answer' : status}: ${n}`)
    .join(', ');

function verdict(met: boolean, target: string): string {
  return `${target}: ${met ? 'met' : '**NOT met**'}`;
}

/** The listening process's RSS, and its process group's when that holds more processes. */
function memory(entry: InstanceMemory | undefined): string {
  if (!entry) return '-';
  const group =
    Math.round(entry.groupMiB) === Math.round(entry.serverMiB) ? '' : ` (group ${entry.groupMiB.toFixed(0)})`;
  return `${entry.serverMiB.toFixed(0)} MiB${group}`;
}

function modeTable(result: ModeResult, options: Omit<ModeOptions, 'mode'>): string[] {
  const split = result.mode === 'split';
  const { instances } = result;
  const lines = [
    '',
    `### Roles ${split ? `split: app1 and app2 PURGE_ROLE=web, ${instances.length - 2} PURGE_ROLE=worker (${instances.slice(2).join(', ')}${options.workersBelow ? ', below the web instances on the CPU' : ''})` : 'off: app1 and app2 PURGE_ROLE=all, no worker'}`,
    `load average ${load(result.loadAverageStart)} at the start of this mode, ${load(result.loadAverageEnd)} at its end; ` +
      `${result.paths} shopper pages, ${options.rate} req/s at each target; bulk category ${result.category.slug} (${result.category.products} products)`,
    '',
    '| shoppers, open loop: p50 / p95 / p99 | edge (Varnish) | web instance (app1 direct) | requests edge / web | errors + timeouts edge / web |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const [phase, label] of PHASES) {
    const edge = row(result.shoppers, 'edge', phase);
    const web = row(result.shoppers, 'web', phase);
    lines.push(
      `| ${label} | ${triple(edge.summary)} | ${triple(web.summary)} | ${edge.summary.n} / ${web.summary.n} | ` +
        `${edge.errors + edge.timeouts} / ${web.errors + web.timeouts} |`,
    );
  }
  lines.push(
    '',
    'A timeout (no whole answer within 10 s) counts in the percentiles as the time it was given up: a lower bound.',
  );
  const idleWeb = row(result.shoppers, 'web', 'idle').summary;
  const bulkWeb = row(result.shoppers, 'web', 'bulk').summary;
  const writesEdge = row(result.shoppers, 'edge', 'writes').summary;
  const writesWeb = row(result.shoppers, 'web', 'writes').summary;
  const { bulk, writes } = result;
  const renders = (phase: string) =>
    instances.map((name) => `${name} ${result.renders[phase]?.[name] ?? 0}`).join(', ');
  const memoryRows = instances
    .filter((name) => name !== 'app2' || !split)
    .map(
      (name) =>
        `| RSS ${name}, idle → after the fan-out | ${memory(result.memory.idle[name])} → ${memory(result.memory.afterFanOut[name])} |`,
    );
  lines.push(
    '',
    `Targets: (a) web p99 < 2x idle: ${verdict(bulkWeb.p99 < 2 * idleWeb.p99, `${f(bulkWeb.p99)} vs ${f(2 * idleWeb.p99)} ms`)}; ` +
      `(b) edge p95 < 50 ms: ${verdict(writesEdge.p95 < 50, `${f(writesEdge.p95)} ms`)}; ` +
      `(b) web p95 < 5x idle: ${verdict(writesWeb.p95 < 5 * idleWeb.p95, `${f(writesWeb.p95)} vs ${f(5 * idleWeb.p95)} ms`)}`,
    '',
    '| writes | value |',
    '| --- | --- |',
    `| (a) preview / apply answered (202, a job) | ${f(bulk.previewMs)} / ${f(bulk.applyMs)} ms |`,
    `| (a) apply sent → job ${bulk.status} (${bulk.changed} of ${bulk.variants} variants, ${bulk.batches} batches) | ${f(bulk.jobDoneMs)} ms |`,
    `| (a) apply sent → no page purge pending | ${f(bulk.drainedMs)} ms |`,
    `| (a) apply sent → consistency check of the category passes at the edge | ${bulk.consistentMs === null ? 'not checked' : `${f(bulk.consistentMs)} ms`} |`,
    `| (b) ${writes.saves.n} saves, answer p50 / p95 / p99 / max | ${triple(writes.saves)} / ${f(writes.saves.max)} ms |`,
    `| (b) saves by status | ${statuses(writes.saveStatuses)} |`,
    ...(writes.saveErrorSample
      ? [`| (b) first save not 200 answered | \`${writes.saveErrorSample.replaceAll('|', '/')}\` |`]
      : []),
    `| (b) saves not 200; of the ${writes.savePages} pages they reported, queued (not yet fresh) / failed | ${writes.saveErrors}; ${writes.savePurgesQueued} / ${writes.savePurgesFailed} |`,
    `| (b) ${writes.webhooks.n} Stripe deliveries, ack p50 / p95 / p99 / max | ${triple(writes.webhooks)} / ${f(writes.webhooks.max)} ms |`,
    `| (b) deliveries not 2xx; by status | ${writes.webhookErrors}; ${statuses(writes.webhookStatuses)} |`,
    `| (b) first write sent → all answered / → inbox and outbox empty | ${f(writes.answeredMs)} / ${f(writes.drainedMs)} ms |`,
    `| pages rendered (LOG_RENDERS) during idle / (a) / (b) | ${renders('idle')} / ${renders('bulk')} / ${renders('writes')} |`,
    ...memoryRows,
    `| \`next start\` (PURGE_ROLE=${split ? 'web' : 'all'}) spawned → first 200 on / | ${f(result.nextStartMs)} ms |`,
  );
  return lines;
}

export function formatRolesReport(report: {
  machine: string;
  loadAtStart: number[];
  loadAtEnd: number[];
  options: Omit<ModeOptions, 'mode'>;
  results: ModeResult[];
}): string {
  const { options } = report;
  return [
    '',
    `bench:roles on ${report.machine}; load average ${load(report.loadAtStart)} at the start, ${load(report.loadAtEnd)} at the end`,
    `shoppers ${options.rate} req/s per target, idle ${options.idleSeconds} s; (a) ${options.percent} % bulk job; ` +
      `(b) ${options.saves} saves + ${options.webhooks} products' Stripe price changes, all at once`,
    ...report.results.flatMap((result) => modeTable(result, options)),
  ].join('\n');
}
