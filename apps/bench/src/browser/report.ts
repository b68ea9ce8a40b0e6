// The benchmark's table and JSON. Every figure is paired with what it is compared
// against in the same run, because absolute numbers on a shared 2-core machine drift.
import { mkdir, writeFile } from 'node:fs/promises';
import { choosePieceSize } from '@shoal/core';
import { BACKGROUND_UTILITIES } from './proc-memory.ts';
import { describeConfig, type SweepPoint } from './raw-sweep.ts';

const MIB = 1024 * 1024;

/** A rate measured in alternating rounds: the mean makes the ratio, the rounds show the spread. */
export interface Rounds {
  mibPerSecond: number;
  rounds: number[];
}

export interface BrowserBenchResult {
  date: string;
  machine: { cpus: number; memoryGiB: number; chromium: string };
  options: { size: number; limit: number; largeSize: number; hugeSize: number; quick: boolean };
  /** Every raw configuration tried, once each, before the rounds. */
  sweep: SweepPoint[];
  /** The sweep's best configuration, measured again in every round beside Shoal. */
  raw: Rounds & {
    messageBytes: number;
    highWaterMark: number;
    /** A fresh channel's first send to one Shoal piece's bytes received, per round. */
    firstPieceMs: number[];
  };
  single: Rounds & {
    ratioToRaw: number;
    ratioToWebTorrent: number;
    /** Pressing Download to the first verified piece, per round. */
    firstPieceMs: number[];
  };
  webTorrent: {
    version: string;
    store: string;
    /** firstPieceMs: from the metadata to the first verified piece, per round; pieces of pieceLength bytes. */
    single: Rounds & { firstPieceMs: number[]; pieceLength: number };
    /** Three seeders limited to `options.limit` each, one leecher. */
    three: { mibPerSecond: number };
  };
  multi: { sharers: number; mibPerSecond: number; speedup: number }[];
  /** Downloader memory from the loaded page through the download and the save. */
  memory: {
    size: number;
    idleMiB: number;
    peakMiB: number;
    growthMiB: number;
    /** The same without BACKGROUND_UTILITIES (proc-memory.ts): what the target is judged on. */
    growthWithoutBackgroundMiB: number;
    downloadSeconds: number;
    saveSeconds: number;
  }[];
  hashing: {
    size: number;
    mibPerSecond: number;
    /** A bare worker doing the same reads and hashes (hash-ceiling.ts). */
    ceilingMiBps: number;
    ratioToCeiling: number;
    rounds: number[];
    ceilingRounds: number[];
    /** Files arriving to the link showing, per round. */
    linkMs: number[];
  };
}

export const TARGETS = {
  singleToRaw: 0.85,
  singleToWebTorrent: 1.6,
  threeSharerSpeedup: 2.8,
  threeToWebTorrent: 1.5,
  firstPieceMs: 300,
  memoryGrowthMiB: 64,
  hashingMiBps: 300,
};

export const mean = (values: readonly number[]) =>
  values.reduce((a, b) => a + b, 0) / values.length;
export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const list = (values: readonly number[], digits = 1) =>
  values.map((v) => fmt(v, digits)).join(', ');

export function renderTable(r: BrowserBenchResult): string {
  const one = r.multi.find((m) => m.sharers === 1);
  const three = r.multi.find((m) => m.sharers === 3);
  const limit = `${fmt(r.options.limit / MIB)} MiB/s`;
  const threeToWt = three ? three.mibPerSecond / r.webTorrent.three.mibPerSecond : 0;
  const firstPiece = median(r.single.firstPieceMs);
  const lines = [
    `Shoal browser benchmark — ${r.date} — ${r.machine.cpus} cores, ${r.machine.memoryGiB} GiB, ${r.machine.chromium}`,
    `file ${fmt(r.options.size / MIB, 0)} MiB, per-sharer limit ${limit}, memory at ${fmt(r.options.largeSize / MIB, 0)} and ${fmt(r.options.hugeSize / MIB, 0)} MiB${r.options.quick ? ' (quick mode)' : ''}`,
    `WebTorrent ${r.webTorrent.version}, leecher store: ${r.webTorrent.store}`,
    '',
    'Raw data channel, every configuration once (MiB/s):',
    '',
    '| message size | high-water mark | MiB/s |',
    '| --- | --- | --- |',
    ...r.sweep.map(
      (p) =>
        `| ${p.messageBytes / 1024} KiB | ${p.highWaterMark / MIB} MiB | ${fmt(p.mibPerSecond)} |`,
    ),
    '',
    '| measurement | result | compared with | target |',
    '| --- | --- | --- | --- |',
    `| raw channel, best of the sweep (${describeConfig(r.raw)}) | ${fmt(r.raw.mibPerSecond)} MiB/s (rounds: ${list(r.raw.rounds)}) | — | — |`,
    `| WebTorrent, one seeder → one leecher | ${fmt(r.webTorrent.single.mibPerSecond)} MiB/s (rounds: ${list(r.webTorrent.single.rounds)}) | — | — |`,
    `| Shoal, one sharer → one downloader | ${fmt(r.single.mibPerSecond)} MiB/s (rounds: ${list(r.single.rounds)}) | ${fmt(r.single.ratioToRaw, 2)}× raw best | ≥ ${TARGETS.singleToRaw}× ${pass(r.single.ratioToRaw >= TARGETS.singleToRaw)} |`,
    `| | | ${fmt(r.single.ratioToWebTorrent, 2)}× WebTorrent | ≥ ${TARGETS.singleToWebTorrent}× ${pass(r.single.ratioToWebTorrent >= TARGETS.singleToWebTorrent)} |`,
    `| Download pressed → first verified piece (${fmt(choosePieceSize(r.options.size) / 1024, 0)} KiB) | ${fmt(firstPiece, 0)} ms median (rounds: ${list(r.single.firstPieceMs, 0)}) | raw channel, fresh, the same bytes: ${fmt(median(r.raw.firstPieceMs), 0)} ms median (rounds: ${list(r.raw.firstPieceMs, 0)}); WebTorrent, metadata → first verified ${fmt(r.webTorrent.single.pieceLength / 1024, 0)} KiB piece: ${fmt(median(r.webTorrent.single.firstPieceMs), 0)} ms median | ≤ ${TARGETS.firstPieceMs} ms ${pass(firstPiece <= TARGETS.firstPieceMs)} |`,
    ...r.multi.map(
      (m) =>
        `| Shoal, ${m.sharers} sharer${m.sharers > 1 ? 's' : ''} at ${limit} each | ${fmt(m.mibPerSecond, 2)} MiB/s | ${fmt(m.speedup, 2)}× one sharer | ${m.sharers === 3 ? `≥ ${TARGETS.threeSharerSpeedup}× ${pass(m.speedup >= TARGETS.threeSharerSpeedup)}` : '—'} |`,
    ),
    `| WebTorrent, 3 seeders at ${limit} each | ${fmt(r.webTorrent.three.mibPerSecond, 2)} MiB/s | Shoal's 3 sharers: ${fmt(threeToWt, 2)}× | ≥ ${TARGETS.threeToWebTorrent}× ${pass(threeToWt >= TARGETS.threeToWebTorrent)} |`,
    ...r.memory.map(
      (m) =>
        `| downloader memory, ${fmt(m.size / MIB, 0)} MiB, download (${fmt(m.downloadSeconds, 0)} s) and save (${fmt(m.saveSeconds, 0)} s) | +${fmt(m.growthWithoutBackgroundMiB)} MiB without Chromium's ${BACKGROUND_UTILITIES.join(', ')}; +${fmt(m.growthMiB)} MiB whole tree | idle ${fmt(m.idleMiB)} → peak ${fmt(m.peakMiB)} MiB | ≤ ${TARGETS.memoryGrowthMiB} MiB ${pass(m.growthWithoutBackgroundMiB <= TARGETS.memoryGrowthMiB)} |`,
    ),
    `| hashing, ${fmt(r.hashing.size / MIB, 0)} MiB file | ${fmt(r.hashing.mibPerSecond)} MiB/s | ${fmt(r.hashing.ratioToCeiling, 2)}× bare worker (${fmt(r.hashing.ceilingMiBps)} MiB/s) | ≥ ${TARGETS.hashingMiBps} MiB/s ${pass(r.hashing.mibPerSecond >= TARGETS.hashingMiBps)} |`,
    `| files dropped → link shows, ${fmt(r.hashing.size / MIB, 0)} MiB file | ${fmt(median(r.hashing.linkMs) / 1000, 2)} s median (rounds: ${list(
      r.hashing.linkMs.map((ms) => ms / 1000),
      2,
    )}) | — | — |`,
  ];
  if (one === undefined || three === undefined) lines.push('', 'incomplete run');
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
