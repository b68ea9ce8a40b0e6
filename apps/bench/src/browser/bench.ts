// `npm run bench`: Shoal measured the way users feel it, against the raw WebRTC
// channel at its best configuration and against WebTorrent, on the same machine in
// the same run, rounds alternating. One Chromium process per peer.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { choosePieceSize, HASH_BATCH_BYTES, READ_AHEAD_BATCHES } from '@shoal/core';
import { chromiumPath, startSignalServer, type RunningSignalServer } from '@shoal/testkit';
import { measureBaseline } from './baseline.ts';
import { launchPeer, type Peer } from './browsers.ts';
import { measureHashCeiling } from './hash-ceiling.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import { raisePeak, sampleTreeRss, treeRssBytes, type TreeRss } from './proc-memory.ts';
import { writeRandomFile } from './random-file.ts';
import {
  bestOf,
  describeConfig,
  lowWaterMarkFor,
  sweepConfigs,
  type RawConfig,
  type SweepPoint,
} from './raw-sweep.ts';
import { mean, renderTable, writeResult, type BrowserBenchResult } from './report.ts';
import { saveAll } from './save-runs.ts';
import { download, firstPieceMs, setUploadLimit, share } from './shoal-runs.ts';
import { startWebTorrentBench, type WebTorrentRun } from './webtorrent.ts';

const MIB = 1024 * 1024;
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../results', import.meta.url));
/** Idle memory is the highest of a few samples taken with the page loaded and nothing moving. */
const IDLE_SAMPLES = 5;
/** The whole run stops by itself after this, whatever hangs. */
const OVERALL_TIMEOUT_MS = 90 * 60 * 1000;
/**
 * Raw/Shoal/WebTorrent triples in a full run; their means make the ratios.
 * Single rounds here range from 0.77× to 0.97× within one run (host CPU steal
 * comes and goes), so three left the mean ratio a few hundredths either side of
 * the target; five narrow it.
 */
const ROUNDS = 5;

const peers: Peer[] = [];
async function peer(url: string): Promise<Peer> {
  const launched = await launchPeer(url);
  peers.push(launched);
  return launched;
}
async function retire(p: Peer): Promise<void> {
  peers.splice(peers.indexOf(p), 1);
  await p.close();
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

async function idleRss(pid: number): Promise<TreeRss> {
  const idle: TreeRss = { all: 0, withoutBackground: 0 };
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    raisePeak(idle, treeRssBytes(pid));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return idle;
}

/** The raw channel between two fresh browsers, in MiB/s. */
async function rawRate(
  server: RunningSignalServer,
  file: { path: string; size: number },
  config: RawConfig,
): Promise<{ mibPerSecond: number; firstPieceMs: number }> {
  const [a, b] = [await peer(`${server.url}/healthz`), await peer(`${server.url}/healthz`)];
  try {
    const result = await measureBaseline(a.page, b.page, {
      filePath: file.path,
      size: file.size,
      messageBytes: config.messageBytes,
      highWaterMark: config.highWaterMark,
      lowWaterMark: lowWaterMarkFor(config),
      firstBytes: choosePieceSize(file.size),
    });
    return { mibPerSecond: result.bytesPerSecond / MIB, firstPieceMs: result.firstBytesMs };
  } finally {
    await retire(a);
    await retire(b);
  }
}

/**
 * Downloads `link` in a fresh browser; returns MiB/s and the time to the first
 * verified piece. Nothing samples memory here: /proc reads cost CPU on the two
 * cores the transfer needs.
 */
async function timedDownload(server: RunningSignalServer, link: string, size: number) {
  const downloader = await peer(server.url);
  try {
    const ms = await download(downloader.page, link);
    return {
      mibPerSecond: size / MIB / (ms / 1000),
      firstPieceMs: await firstPieceMs(downloader.page),
    };
  } finally {
    await retire(downloader);
  }
}

/**
 * Downloader memory from the loaded download page through the download and the
 * save of every file: the browser's whole process tree, peak − idle.
 */
async function memoryThroughSave(server: RunningSignalServer, link: string, size: number) {
  const downloader = await peer(server.url);
  const saveDir = await mkdtemp(join(tmpdir(), 'shoal-bench-saved-'));
  try {
    await downloader.page.goto(link);
    await downloader.page
      .getByRole('button', { name: 'Download', exact: true })
      .waitFor({ timeout: 120_000 });
    const idle = await idleRss(downloader.pid);
    const sampler = sampleTreeRss(downloader.pid);
    let downloadMs: number;
    let saveMs: number;
    let peak: TreeRss;
    try {
      downloadMs = await download(downloader.page, link);
      saveMs = (await saveAll(downloader.page, saveDir)).ms;
    } finally {
      peak = (await sampler.stop()).peak;
    }
    return {
      size,
      idleMiB: idle.all / MIB,
      peakMiB: peak.all / MIB,
      growthMiB: (peak.all - idle.all) / MIB,
      growthWithoutBackgroundMiB: (peak.withoutBackground - idle.withoutBackground) / MIB,
      downloadSeconds: downloadMs / 1000,
      saveSeconds: saveMs / 1000,
    };
  } finally {
    await retire(downloader);
    await rm(saveDir, { recursive: true, force: true });
  }
}

/**
 * WebTorrent's rate from its metadata to 'done': like Shoal's from Download
 * (its manifest already fetched) to the last piece. Its tracker announce and
 * metadata exchange are left out, to its advantage.
 */
function webTorrentRate(run: WebTorrentRun, size: number): number {
  const ms = Number.isFinite(run.metadataMs) ? run.ms - run.metadataMs : run.ms;
  return size / MIB / (ms / 1000);
}

async function run(options: BenchOptions): Promise<BrowserBenchResult> {
  // Always build: a stale dist would measure yesterday's code.
  log('building the app (npm run build)');
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  const date = new Date().toISOString();
  const work = await mkdtemp(join(tmpdir(), 'shoal-bench-files-'));
  const server = await startSignalServer({ entry: 'dist' });
  const webTorrent = await startWebTorrentBench();
  const rounds = options.quick ? 1 : ROUNDS;
  try {
    const file = { path: join(work, 'random.bin'), size: options.size };
    log(`writing ${options.size / MIB} MiB of random bytes`);
    await writeRandomFile(file.path, file.size);

    const configs = sweepConfigs(options.quick);
    log(`1/6 the raw channel, ${configs.length} configurations once each`);
    const sweep: SweepPoint[] = [];
    for (const config of configs) {
      const { mibPerSecond } = await rawRate(server, file, config);
      sweep.push({ ...config, mibPerSecond });
      log(`${describeConfig(config)}: ${mibPerSecond.toFixed(1)} MiB/s`);
    }
    const best = bestOf(sweep);

    // The best raw configuration, Shoal and WebTorrent alternate, so that a burst of
    // load on this shared machine hits every side of the ratios alike.
    const sharer = await peer(server.url);
    const { link } = await share(sharer.page, file.path);
    const rawRates: number[] = [];
    const rawFirstPieces: number[] = [];
    const shoalRates: number[] = [];
    const firstPieces: number[] = [];
    const webTorrentRates: number[] = [];
    const webTorrentFirstPieces: number[] = [];
    let pieceLength = 0;
    for (let round = 1; round <= rounds; round++) {
      log(`2/6 round ${round}: raw (${describeConfig(best)}), Shoal, WebTorrent`);
      const rawRound = await rawRate(server, file, best);
      rawRates.push(rawRound.mibPerSecond);
      rawFirstPieces.push(rawRound.firstPieceMs);
      const shoal = await timedDownload(server, link, file.size);
      shoalRates.push(shoal.mibPerSecond);
      firstPieces.push(shoal.firstPieceMs);
      const wt = await webTorrent.run({
        filePath: file.path,
        size: file.size,
        seeders: 1,
        uploadLimit: null,
      });
      webTorrentRates.push(webTorrentRate(wt, file.size));
      webTorrentFirstPieces.push(wt.firstPieceMs);
      pieceLength = wt.pieceLength;
      log(
        `raw ${rawRates.at(-1)!.toFixed(1)} (first piece's bytes ${Math.round(rawRound.firstPieceMs)} ms), Shoal ${shoalRates.at(-1)!.toFixed(1)} (first piece ${Math.round(shoal.firstPieceMs)} ms), WebTorrent ${webTorrentRates.at(-1)!.toFixed(1)} MiB/s (first piece ${Math.round(wt.firstPieceMs)} ms)`,
      );
    }
    const raw = {
      ...best,
      mibPerSecond: mean(rawRates),
      rounds: rawRates,
      firstPieceMs: rawFirstPieces,
    };
    const single = {
      mibPerSecond: mean(shoalRates),
      rounds: shoalRates,
      ratioToRaw: mean(shoalRates) / raw.mibPerSecond,
      ratioToWebTorrent: mean(shoalRates) / mean(webTorrentRates),
      firstPieceMs: firstPieces,
    };

    log(
      `3/6 multi-source: 1, 2 and 3 sharers at ${options.limit / MIB} MiB/s each, and WebTorrent's 3`,
    );
    await setUploadLimit(sharer.page, options.limit);
    const rate1 = (await timedDownload(server, link, file.size)).mibPerSecond;
    await setUploadLimit(sharer.page, null);
    const second = await peer(server.url);
    await download(second.page, link); // now a complete seeder
    const third = await peer(server.url);
    await download(third.page, link);
    for (const source of [sharer, second, third]) await setUploadLimit(source.page, options.limit);
    const rate3 = (await timedDownload(server, link, file.size)).mibPerSecond;
    await retire(third);
    const rate2 = (await timedDownload(server, link, file.size)).mibPerSecond;
    await retire(second);
    await retire(sharer);
    const multi = [
      { sharers: 1, mibPerSecond: rate1, speedup: 1 },
      { sharers: 2, mibPerSecond: rate2, speedup: rate2 / rate1 },
      { sharers: 3, mibPerSecond: rate3, speedup: rate3 / rate1 },
    ];
    const wtThree = webTorrentRate(
      await webTorrent.run({
        filePath: file.path,
        size: file.size,
        seeders: 3,
        uploadLimit: options.limit,
      }),
      file.size,
    );
    log(
      `${multi.map((m) => `${m.sharers}: ${m.mibPerSecond.toFixed(2)}`).join(', ')} MiB/s; WebTorrent 3: ${wtThree.toFixed(2)} MiB/s`,
    );

    const large = { path: join(work, 'random-large.bin'), size: options.largeSize };
    log(`4/6 hashing a ${large.size / MIB} MiB file, the app against a bare worker`);
    await writeRandomFile(large.path, large.size);
    // The bare-worker ceiling and the app alternate, like the transfers above.
    const ceilingRates: number[] = [];
    const appRates: number[] = [];
    const linkTimes: number[] = [];
    let largeSharer: Peer | undefined;
    let largeLink = '';
    for (let round = 1; round <= rounds; round++) {
      const bare = await peer('about:blank');
      const ceiling = await measureHashCeiling(bare.page, server.url, {
        filePath: large.path,
        pieceSize: choosePieceSize(large.size),
        batchBytes: HASH_BATCH_BYTES,
        readAhead: READ_AHEAD_BATCHES,
      });
      await retire(bare);
      ceilingRates.push(ceiling / MIB);
      if (largeSharer !== undefined) await retire(largeSharer);
      largeSharer = await peer(server.url);
      const shared = await share(largeSharer.page, large.path);
      largeLink = shared.link;
      appRates.push(large.size / MIB / (shared.hashMs / 1000));
      linkTimes.push(shared.linkMs);
      log(
        `hashing: bare worker ${Math.round(ceiling / MIB)} MiB/s, Shoal ${Math.round(appRates.at(-1)!)} MiB/s, link after ${(shared.linkMs / 1000).toFixed(2)} s`,
      );
    }
    const hashing = {
      size: large.size,
      mibPerSecond: mean(appRates),
      ceilingMiBps: mean(ceilingRates),
      ratioToCeiling: mean(appRates) / mean(ceilingRates),
      rounds: appRates,
      ceilingRounds: ceilingRates,
      linkMs: linkTimes,
    };

    log(`5/6 downloader memory through download and save, ${large.size / MIB} MiB`);
    const memory = [await memoryThroughSave(server, largeLink, large.size)];
    if (largeSharer !== undefined) await retire(largeSharer);
    await rm(large.path, { force: true });

    const huge = { path: join(work, 'random-huge.bin'), size: options.hugeSize };
    log(`6/6 downloader memory through download and save, ${huge.size / MIB} MiB`);
    await writeRandomFile(huge.path, huge.size);
    const hugeSharer = await peer(server.url);
    const hugeLink = (await share(hugeSharer.page, huge.path)).link;
    memory.push(await memoryThroughSave(server, hugeLink, huge.size));
    await retire(hugeSharer);

    const chromium = execFileSync(chromiumPath() ?? 'chromium', ['--version'], {
      encoding: 'utf8',
    }).trim();
    return {
      date,
      machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 1024 ** 3), chromium },
      options,
      sweep,
      raw,
      single,
      webTorrent: {
        version: webTorrent.version,
        store: webTorrent.store,
        single: {
          mibPerSecond: mean(webTorrentRates),
          rounds: webTorrentRates,
          firstPieceMs: webTorrentFirstPieces,
          pieceLength,
        },
        three: { mibPerSecond: wtThree },
      },
      multi,
      memory,
      hashing,
    };
  } finally {
    for (const p of [...peers]) await retire(p);
    await webTorrent.close();
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

const timer = setTimeout(() => {
  console.error(`[bench] gave up after ${OVERALL_TIMEOUT_MS / 60000} minutes`);
  process.exit(2);
}, OVERALL_TIMEOUT_MS);
timer.unref();

try {
  const options = parseOptions(process.argv.slice(2), process.env);
  const result = await run(options);
  console.log(`\n${renderTable(result)}\n`);
  const written = await writeResult(
    RESULTS,
    options.quick ? 'browser-quick' : 'browser',
    result,
    result.date,
  );
  console.log(`[bench] wrote ${written}`);
  process.exit(0);
} catch (error) {
  console.error('[bench] failed:', error);
  process.exit(1);
}
