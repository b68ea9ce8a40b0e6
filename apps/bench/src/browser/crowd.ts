// `npm run bench:crowd`: a flash crowd in real browsers. One sharer and six
// downloaders, each its own Chromium process with a fresh profile, every one's
// upload capped at the same rate, all opening the link at once. Reports the
// time until the last one has every piece verified, against the lower bound for
// peer-to-peer distribution, and how many copies the sharer had to upload.
//
// Every piece a downloader stores has matched its SHA-256 in the manifest, and
// the manifest its hash in the link, so "complete" means byte-identical; the
// e2e test apps/web/e2e/flash-crowd.spec.ts also saves and compares the files.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSignalServer } from '@shoal/testkit';
import { launchPeer, type Peer } from './browsers.ts';
import { parseSize } from './options.ts';
import { writeRandomFile } from './random-file.ts';
import { download, setUploadLimit, share } from './shoal-runs.ts';
import { p2pLowerBoundSeconds } from './crowd-bound.ts';

const MIB = 1024 * 1024;
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const DOWNLOADERS = 6;
/** Everyone's upload: low enough that seven browsers on two cores stay network-bound, not CPU-bound. */
const UPLOAD_BYTES_PER_S = 1 * MIB;
/** The target: the crowd finishes within 1.5x the peer-to-peer bound. */
const TARGET_RATIO = 1.5;
const OVERALL_TIMEOUT_MS = 20 * 60 * 1000;

function log(message: string): void {
  console.log(`[crowd] ${message}`);
}

interface Round {
  seconds: number;
  /** The slowest downloader, from pressing Download (manifest already fetched) to its last piece. */
  transferSeconds: number;
  bound: number;
  sharerCopies: number;
}

async function uploadedBytes(peer: Peer): Promise<number> {
  const items = peer.page.getByRole('list', { name: 'Peers' }).locator('li[data-uploaded]');
  let total = 0;
  for (const item of await items.all()) total += Number(await item.getAttribute('data-uploaded'));
  return total;
}

async function round(url: string, file: string, size: number): Promise<Round> {
  const peers: Peer[] = [];
  try {
    const sharer = await launchPeer(url);
    peers.push(sharer);
    await setUploadLimit(sharer.page, UPLOAD_BYTES_PER_S);
    const { link } = await share(sharer.page, file);
    const crowd = await Promise.all(Array.from({ length: DOWNLOADERS }, () => launchPeer(url)));
    peers.push(...crowd);
    for (const peer of crowd) await setUploadLimit(peer.page, UPLOAD_BYTES_PER_S);
    const started = Date.now();
    const transfers = await Promise.all(crowd.map((peer) => download(peer.page, link)));
    const seconds = (Date.now() - started) / 1000;
    const transferSeconds = Math.max(...transfers) / 1000;
    const bound = p2pLowerBoundSeconds({
      fileBytes: size,
      sharerUpload: UPLOAD_BYTES_PER_S,
      downloaderUploads: crowd.map(() => UPLOAD_BYTES_PER_S),
    });
    return { seconds, transferSeconds, bound, sharerCopies: (await uploadedBytes(sharer)) / size };
  } finally {
    await Promise.all(peers.map((peer) => peer.close()));
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const sizeFlag = process.argv.find((a) => a.startsWith('--size='));
  const size = sizeFlag ? parseSize(sizeFlag.slice(7)) : (quick ? 8 : 24) * MIB;
  const rounds = quick ? 1 : 3;
  log('building the app (npm run build)');
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  const work = await mkdtemp(join(tmpdir(), 'shoal-crowd-'));
  const server = await startSignalServer({ entry: 'dist' });
  try {
    const file = join(work, 'crowd.bin');
    await writeRandomFile(file, size);
    const results: Round[] = [];
    for (let i = 1; i <= rounds; i++) {
      const r = await round(server.url, file, size);
      log(
        `round ${i}: ${r.seconds.toFixed(1)} s, bound ${r.bound.toFixed(1)} s (${(r.seconds / r.bound).toFixed(2)}x; slowest from Download pressed ${r.transferSeconds.toFixed(1)} s), sharer uploaded ${r.sharerCopies.toFixed(2)} copies`,
      );
      results.push(r);
    }
    const ratio = results.reduce((a, r) => a + r.seconds / r.bound, 0) / results.length;
    const transferRatio =
      results.reduce((a, r) => a + r.transferSeconds / r.bound, 0) / results.length;
    const copies = results.reduce((a, r) => a + r.sharerCopies, 0) / results.length;
    console.log(
      [
        '',
        `flash crowd in real browsers: 1 sharer + ${DOWNLOADERS} downloaders, ${size / MIB} MiB, every upload ${UPLOAD_BYTES_PER_S / MIB} MiB/s`,
        `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${new Date().toISOString()}`,
        '| what | measured | target |',
        '|---|---|---|',
        `| time from opening the link ÷ P2P bound (mean of ${rounds}) | ${ratio.toFixed(2)}× | ≤ ${TARGET_RATIO}× |`,
        `| slowest downloader from Download pressed ÷ bound | ${transferRatio.toFixed(2)}× | |`,
        `| copies the sharer uploaded | ${copies.toFixed(2)} | ≤ 2 |`,
        `| client-server time ÷ bound | ${((DOWNLOADERS * size) / UPLOAD_BYTES_PER_S / results[0]!.bound).toFixed(2)}× | (for scale) |`,
      ].join('\n'),
    );
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

const timer = setTimeout(() => {
  console.error(`[crowd] gave up after ${OVERALL_TIMEOUT_MS / 60000} minutes`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
timer.unref();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
