// The readable table, the targets from issue 5 with PASS/MISS, and the JSON files.
// Formatting and target checks are pure; only writeResults touches the disk.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioResult } from './scenario.ts';
import { alignColumns, type TargetCheck } from './table.ts';

export const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url));

const MIB = 1024 * 1024;
/** Issue 5: 10,000 connections on one process under 512 MiB RSS... */
export const TARGET_CONNECTIONS = 10_000;
export const TARGET_RSS_BYTES = 512 * MIB;
/** ...with p99 relay under 50 ms at 1,000 signals/s total. */
export const TARGET_P99_MS = 50;
export const TARGET_RATE = 1_000;
/** A run counts as "at 1,000 signals/s" if it delivered at least this share of that rate. */
const RATE_TOLERANCE = 0.95;

const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)}`;
const ms = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1));
const sumOf = (values: number[]) => values.reduce((a, b) => a + b, 0);

function errorCount(result: ScenarioResult): number {
  const load = result.load;
  const connectFailures = result.connect?.failures ?? 0;
  if (!load) return connectFailures;
  return (
    connectFailures +
    load.ackTimeouts +
    load.lost +
    load.duplicates +
    load.misdelivered +
    load.unexpected +
    load.disconnects +
    Object.values(load.refused).reduce((a, b) => a + b, 0)
  );
}

const peakRss = (result: ScenarioResult) =>
  sumOf(result.servers.map((s) => Math.max(s.rssLoadedBytes, s.rssAfterSignalsBytes ?? 0)));

export function checkTargets(results: readonly ScenarioResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const memoryTarget = `${TARGET_CONNECTIONS.toLocaleString('en')} connections on one process under ${TARGET_RSS_BYTES / MIB} MiB RSS`;
  const single = results.filter((r) => r.processes === 1 && r.servers.length === 1);
  const atTarget = single.filter((r) => (r.connect?.opened ?? 0) >= TARGET_CONNECTIONS);
  for (const result of atTarget) {
    const rss = peakRss(result);
    checks.push({
      target: memoryTarget,
      scenario: result.label,
      status: rss < TARGET_RSS_BYTES ? 'PASS' : 'MISS',
      measured: `${mib(rss)} MiB at ${result.connect?.opened} connections`,
    });
  }
  if (atTarget.length === 0) {
    const sample = single.find((r) => r.rssPerConnectionBytes !== null);
    const baseline = sample?.servers[0]?.rssBaselineBytes;
    checks.push({
      target: memoryTarget,
      scenario: sample?.label ?? '-',
      status: 'n/a',
      measured:
        sample && baseline !== undefined && sample.rssPerConnectionBytes !== null
          ? `not measured; projected ${mib(baseline + sample.rssPerConnectionBytes * TARGET_CONNECTIONS)} MiB from ${sample.connect?.opened} connections`
          : 'not measured (run the target scenario)',
    });
  }
  const latencyTarget = `p99 relay under ${TARGET_P99_MS} ms at ${TARGET_RATE.toLocaleString('en')} signals/s`;
  for (const result of results) {
    const load = result.load;
    const p99 = load?.latencyMs?.p99;
    if (!load || p99 === undefined) {
      checks.push({ target: latencyTarget, scenario: result.label, status: 'n/a', measured: '-' });
      continue;
    }
    const measured = `p99 ${ms(p99)} ms at ${load.deliveredPerSecond.toFixed(0)} signals/s`;
    if (result.requestedRate < TARGET_RATE) {
      checks.push({
        target: latencyTarget,
        scenario: result.label,
        status: 'n/a',
        measured: `${measured} (asked for only ${result.requestedRate}/s)`,
      });
      continue;
    }
    const atRate = load.deliveredPerSecond >= TARGET_RATE * RATE_TOLERANCE;
    checks.push({
      target: latencyTarget,
      scenario: result.label,
      status: atRate && p99 < TARGET_P99_MS ? 'PASS' : 'MISS',
      measured: atRate ? measured : `${measured} (could not sustain the rate)`,
    });
  }
  return checks;
}

export function formatTable(results: readonly ScenarioResult[]): string {
  const header = [
    'scenario',
    'conns',
    'connect s',
    'signals/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'RSS base MiB',
    'RSS loaded MiB',
    'KiB/conn',
    'cross-proc',
    'errors',
    'worked',
  ];
  const rows = results.map((r) => {
    const latency = r.load?.latencyMs ?? undefined;
    return [
      r.label,
      String(r.connect?.opened ?? 0),
      r.connect ? (r.connect.elapsedMs / 1000).toFixed(1) : '-',
      r.load ? r.load.deliveredPerSecond.toFixed(0) : '-',
      ms(latency?.p50),
      ms(latency?.p99),
      ms(latency?.max),
      r.servers.length > 0 ? mib(sumOf(r.servers.map((s) => s.rssBaselineBytes))) : '-',
      r.servers.length > 0 ? mib(sumOf(r.servers.map((s) => s.rssLoadedBytes))) : '-',
      r.rssPerConnectionBytes !== null ? (r.rssPerConnectionBytes / 1024).toFixed(1) : '-',
      r.load && r.processes > 1 ? `${(r.load.crossProcessShare * 100).toFixed(0)}%` : '-',
      String(errorCount(r)),
      r.ok ? 'yes' : 'NO',
    ];
  });
  return alignColumns([header, ...rows]);
}

/** What helps read the main table: connect rate, server CPU, memory after signaling, bench lag. */
export function formatDetails(results: readonly ScenarioResult[]): string {
  const header = [
    'scenario',
    'connects/s',
    'connect p99 ms',
    'server CPU %',
    'RSS after signals MiB',
    'bench loop lag p99 ms',
    'server env',
  ];
  const rows = results.map((r) => [
    r.label,
    r.connect ? r.connect.perSecond.toFixed(0) : '-',
    ms(r.connect?.perClientMs?.p99),
    r.servers.map((s) => s.cpuPercentDuringSignals?.toFixed(0) ?? '-').join(' + ') || '-',
    r.servers
      .map((s) => (s.rssAfterSignalsBytes ? mib(s.rssAfterSignalsBytes) : '-'))
      .join(' + ') || '-',
    ms(r.load?.benchLoopDelayMs.p99),
    Object.entries(r.serverEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  ]);
  return alignColumns([header, ...rows]);
}

/**
 * Writes signal-<timestamp>.json, and signal-latest.json when every scenario worked
 * (quick runs: signal-quick-*), so a failed run never replaces the reference result.
 */
export async function writeResults(
  report: object,
  options: { quick: boolean; ok: boolean; startedAt: Date },
): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const prefix = options.quick ? 'signal-quick' : 'signal';
  const stamp = options.startedAt.toISOString().replaceAll(':', '-');
  const files = [join(RESULTS_DIR, `${prefix}-${stamp}.json`)];
  if (options.ok) files.push(join(RESULTS_DIR, `${prefix}-latest.json`));
  const text = await formatJson(files[0] as string, `${JSON.stringify(report, null, 2)}\n`);
  for (const file of files) await writeFile(file, text);
  return files;
}

/**
 * Formats the JSON as Prettier would, so that `npm run lint` (prettier --check, which
 * does not read results/.gitignore) passes after a run. Prettier is the repo root's
 * dev dependency; without it the JSON is written as is.
 */
async function formatJson(file: string, text: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const config = await prettier.resolveConfig(file);
    return await prettier.format(text, { ...config, filepath: file });
  } catch {
    return text;
  }
}
