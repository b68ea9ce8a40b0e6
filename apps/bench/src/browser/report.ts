// The benchmark's table and JSON. Every figure is paired with what it is compared
// against in the same run, because absolute numbers on a shared 2-core machine drift.
import { mkdir, writeFile } from 'node:fs/promises';

const MIB = 1024 * 1024;

export interface BrowserBenchResult {
  date: string;
  machine: { cpus: number; memoryGiB: number; chromium: string };
  options: { size: number; limit: number; largeSize: number; quick: boolean };
  baseline: { mibPerSecond: number; rounds: number[] };
  single: { mibPerSecond: number; ratioToBaseline: number; rounds: number[] };
  multi: { sharers: number; mibPerSecond: number; speedup: number }[];
  memory: { size: number; idleMiB: number; peakMiB: number; growthMiB: number }[];
  hashing: {
    size: number;
    mibPerSecond: number;
    /** A bare worker doing the same reads and hashes (hash-ceiling.ts). */
    ceilingMiBps: number;
    ratioToCeiling: number;
    rounds: number[];
    ceilingRounds: number[];
  };
}

export const TARGETS = {
  singleRatio: 0.85,
  threeSharerSpeedup: 2.5,
  memoryGrowthMiB: 100,
  hashingMiBps: 300,
};

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');

export function renderTable(r: BrowserBenchResult): string {
  const three = r.multi.find((m) => m.sharers === 3);
  const large = r.memory.at(-1);
  const lines = [
    `Shoal browser benchmark — ${r.date} — ${r.machine.cpus} cores, ${r.machine.memoryGiB} GiB, ${r.machine.chromium}`,
    `file ${fmt(r.options.size / MIB, 0)} MiB, per-sharer limit ${fmt(r.options.limit / MIB)} MiB/s, large file ${fmt(r.options.largeSize / MIB, 0)} MiB${r.options.quick ? ' (quick mode)' : ''}`,
    '',
    '| measurement | result | compared with | target |',
    '| --- | --- | --- | --- |',
    `| raw data channel (baseline) | ${fmt(r.baseline.mibPerSecond)} MiB/s | — | — |`,
    `| one sharer → one downloader | ${fmt(r.single.mibPerSecond)} MiB/s | ${fmt(r.single.ratioToBaseline, 2)}× baseline | ≥ ${TARGETS.singleRatio}× ${pass(r.single.ratioToBaseline >= TARGETS.singleRatio)} |`,
    ...r.multi.map(
      (m) =>
        `| ${m.sharers} sharer${m.sharers > 1 ? 's' : ''} at ${fmt(r.options.limit / MIB)} MiB/s each | ${fmt(m.mibPerSecond, 2)} MiB/s | ${fmt(m.speedup, 2)}× one sharer | ${m.sharers === 3 ? `≥ ${TARGETS.threeSharerSpeedup}× ${pass(m.speedup >= TARGETS.threeSharerSpeedup)}` : '—'} |`,
    ),
    ...r.memory.map(
      (m) =>
        `| downloader memory, ${fmt(m.size / MIB, 0)} MiB file | +${fmt(m.growthMiB)} MiB | idle ${fmt(m.idleMiB)} → peak ${fmt(m.peakMiB)} MiB | ≤ ${TARGETS.memoryGrowthMiB} MiB ${pass(m.growthMiB <= TARGETS.memoryGrowthMiB)} |`,
    ),
    `| hashing, ${fmt(r.hashing.size / MIB, 0)} MiB file | ${fmt(r.hashing.mibPerSecond)} MiB/s | ${fmt(r.hashing.ratioToCeiling, 2)}× bare worker (${fmt(r.hashing.ceilingMiBps)} MiB/s) | ≥ ${TARGETS.hashingMiBps} MiB/s ${pass(r.hashing.mibPerSecond >= TARGETS.hashingMiBps)} |`,
  ];
  if (three === undefined || large === undefined) lines.push('', 'incomplete run');
  return lines.join('\n');
}

/** Writes `<prefix>-<timestamp>.json` and `<prefix>-latest.json` under `dir`. */
export async function writeResult(
  dir: string,
  prefix: string,
  result: unknown,
  date: string,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const body = `${JSON.stringify(result, null, 2)}\n`;
  const stamped = `${dir}/${prefix}-${date.replace(/[:.]/g, '-')}.json`;
  await writeFile(stamped, body);
  await writeFile(`${dir}/${prefix}-latest.json`, body);
  return stamped;
}
