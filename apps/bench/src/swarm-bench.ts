// npm run bench:swarm [-- --quick] [-- --sizes 10,100,1000] [-- --out file.json]
//
// Flash crowds on the simulated clock with the real engine and neighbour
// policy (see swarm/crowd-sim.ts): time for all to finish against the P2P
// lower bound, the sharer's copies, what happens when the sharer leaves
// early, and churn. Exits non-zero when a downloader that stayed ends with a
// wrong piece, or (churn) does not finish: correctness, never speed, fails it.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCrowd, type CrowdCase, type CrowdResult } from './swarm/crowd-sim.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The file and uplinks: 16 MiB in 64 pieces of 256 KiB (the smallest piece
 * size), every uplink 256 KiB/s, so the sharer alone needs 64 s per copy.
 * A bigger file would be more pieces to pipeline (closer to the bound) but
 * costs the simulation time in proportion at N = 1,000.
 */
const BASE: Omit<CrowdCase, 'downloaders' | 'seed'> = {
  fileBytes: 16 * MiB,
  pieceBytes: 256 * KiB,
  uploadBytesPerSecond: 256 * KiB,
  sharerUploadBytesPerSecond: 256 * KiB,
  arrivalSpreadMs: 3_000,
};

interface Row {
  scenario: 'flash crowd' | 'sharer leaves at 1.5 copies' | 'churn: a fifth leave, as many join';
  result: CrowdResult;
}

function parse(argv: string[]): { quick: boolean; sizes: number[]; out: string | null } {
  const quick = argv.includes('--quick');
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const sizes = (at('--sizes') ?? (quick ? '10,50' : '10,100,1000'))
    .split(',')
    .map((n) => Number(n));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error('--sizes takes positive integers, e.g. 10,100,1000');
  }
  // npm runs the workspace script in apps/bench: a relative --out means where npm was run.
  const out = at('--out');
  return {
    quick,
    sizes,
    out: out === undefined ? null : resolve(process.env.INIT_CWD ?? '.', out),
  };
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

function line(row: Row): string {
  const r = row.result;
  const ratio = r.allFinishedMs === null ? '—' : `${(r.allFinishedMs / r.boundMs).toFixed(2)}×`;
  return [
    row.scenario.padEnd(36),
    String(r.case.downloaders).padStart(5),
    `${r.finished}/${r.stayed}`.padStart(10),
    seconds(r.allFinishedMs).padStart(9),
    seconds(r.boundMs).padStart(8),
    ratio.padStart(6),
    seconds(r.clientServerMs).padStart(10),
    r.sharerCopies.toFixed(2).padStart(7),
    seconds(r.sharerLeftAtMs).padStart(8),
    seconds(r.wholeCopyAtMs).padStart(8),
    r.uplinkUse.toFixed(2).padStart(5),
    String(r.wrongPieces).padStart(5),
    seconds(r.wallMs).padStart(8),
  ].join(' ');
}

const HEADER = [
  'scenario'.padEnd(36),
  'N'.padStart(5),
  'finished'.padStart(10),
  'all done'.padStart(9),
  'bound'.padStart(8),
  'ratio'.padStart(6),
  'cl-server'.padStart(10),
  'copies'.padStart(7),
  'left at'.padStart(8),
  '1st copy'.padStart(8),
  'up'.padStart(5),
  'wrong'.padStart(5),
  'wall'.padStart(8),
].join(' ');

async function main(): Promise<void> {
  const { quick, sizes, out } = parse(process.argv.slice(2));
  const rows: Row[] = [];
  const run = async (scenario: Row['scenario'], c: CrowdCase) => {
    const row = { scenario, result: await runCrowd(c) };
    rows.push(row);
    console.log(line(row));
  };
  console.log(
    `file ${BASE.fileBytes / MiB} MiB in ${BASE.fileBytes / BASE.pieceBytes} pieces; every uplink ${BASE.uploadBytesPerSecond / KiB} KiB/s; arrivals within ${BASE.arrivalSpreadMs / 1000} s`,
  );
  console.log(
    "ratio = all done / P2P bound max(F/Us, N·F/(Us+ΣUi)); copies = sharer's uploads in files; left at = when the sharer closed its tab; 1st copy = when the crowd first held every piece; up = uplink use",
  );
  console.log(HEADER);
  for (const downloaders of sizes) {
    await run('flash crowd', { ...BASE, downloaders, seed: downloaders });
  }
  for (const downloaders of sizes) {
    await run('sharer leaves at 1.5 copies', {
      ...BASE,
      downloaders,
      seed: downloaders + 1,
      sharerLeavesAfterCopies: 1.5,
    });
  }
  const churnSizes = quick ? [sizes[0]!] : sizes;
  for (const downloaders of churnSizes) {
    await run('churn: a fifth leave, as many join', {
      ...BASE,
      downloaders,
      seed: downloaders + 2,
      churnFraction: 0.2,
    });
  }
  if (out !== null)
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));

  const wrong = rows.filter((r) => r.result.wrongPieces > 0);
  const churnUnfinished = rows.filter(
    (r) => r.scenario.startsWith('churn') && r.result.finished < r.result.stayed,
  );
  for (const r of wrong)
    console.error(`FAIL ${r.scenario} N=${r.result.case.downloaders}: wrong pieces stored`);
  for (const r of churnUnfinished) {
    console.error(
      `FAIL ${r.scenario} N=${r.result.case.downloaders}: not everyone who stayed finished`,
    );
  }
  if (wrong.length > 0 || churnUnfinished.length > 0) process.exitCode = 1;
}

await main();
