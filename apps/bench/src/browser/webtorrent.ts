// WebTorrent, the tool people would pick instead of Shoal, run on the same file in
// the same bench: its own browser bundle in separate Chromium processes, peers
// meeting through a bittorrent-tracker WebSocket server on loopback.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { launchPeer, type Peer } from './browsers.ts';
import { startPageServer } from './webtorrent-page-server.ts';
import {
  downloadedSha256,
  leech,
  probeStore,
  seed,
  uploadedBytes,
  waitForWebTorrent,
} from './webtorrent-peer.ts';
import { describeStore } from './webtorrent-store.ts';
import { startTracker } from './webtorrent-tracker.ts';

const MIB = 1024 * 1024;

/** Longest one run may take, seeding included, before it gives up (a 1 GiB download at a few MiB/s fits). */
const RUN_TIMEOUT_MS = 15 * 60 * 1000;

/** The torrent's name: fixed, because it is part of the info dictionary the infohash covers. */
const TORRENT_NAME = 'shoal-bench.bin';

export interface WebTorrentRun {
  /** The leecher's rate: the file's MiB over the seconds from client.add() to 'done'. */
  mibPerSecond: number;
  ms: number;
  /** Of ms, the time to the torrent's metadata: tracker, WebRTC handshake and ut_metadata. */
  metadataMs: number;
  /** From the metadata to the first verified (hashed and stored) piece. */
  firstPieceMs: number;
  /** Bytes per piece: WebTorrent's default for the size, the same for every seeder. */
  pieceLength: number;
  /** Bytes each seeder sent: with several, whether the leecher drew from them all. */
  uploadedBySeeder: number[];
}

export interface WebTorrentRunOptions {
  filePath: string;
  size: number;
  /** How many seeders, each its own Chromium. */
  seeders: number;
  /** Upload limit of each seeder in bytes per second, or null for none. */
  uploadLimit: number | null;
}

export interface WebTorrentBench {
  /** The installed webtorrent package's version (the page checks its bundle reports the same). */
  readonly version: string;
  /** The chunk store the last leecher used, as found in its page after the download. */
  readonly store: string;
  /** Fresh seeders and a fresh leecher; returns the leecher's rate. They are closed before it returns. */
  run(options: WebTorrentRunOptions): Promise<WebTorrentRun>;
  /** Closes every browser still open, the tracker and the page server. */
  close(): Promise<void>;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function startWebTorrentBench(): Promise<WebTorrentBench> {
  const tracker = await startTracker();
  const pages = await startPageServer().catch(async (error: unknown) => {
    await tracker.close();
    throw error;
  });
  const open = new Set<Peer>();
  /** Files whose download has been hashed and matched once: the transfer is real. */
  const verified = new Set<string>();
  let store = 'not yet seen: no download has run';

  async function retire(peer: Peer): Promise<void> {
    open.delete(peer);
    await peer.close();
  }

  async function run(options: WebTorrentRunOptions): Promise<WebTorrentRun> {
    if (!Number.isInteger(options.seeders) || options.seeders < 1) {
      throw new Error(`seeders must be a whole number from 1, not ${options.seeders}`);
    }
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    const timeLeft = () => {
      const ms = deadline - Date.now();
      if (ms <= 0) throw new Error(`the WebTorrent run took over ${RUN_TIMEOUT_MS} ms`);
      return ms;
    };
    const peers: Peer[] = [];
    const seeders: Peer[] = [];
    const started = async () => {
      const peer = await launchPeer(pages.pageUrl);
      open.add(peer);
      peers.push(peer);
      await waitForWebTorrent(peer.page, pages.version);
      return peer;
    };
    const seedOn = async (peer: Peer, pieceLength: number | undefined) => {
      seeders.push(peer);
      const seeded = await seed(peer.page, {
        filePath: options.filePath,
        announceUrl: tracker.announceUrl,
        name: TORRENT_NAME,
        pieceLength,
        uploadLimit: options.uploadLimit,
        timeoutMs: timeLeft(),
      });
      if (seeded.length !== options.size) {
        throw new Error(`seeded ${seeded.length} bytes of a ${options.size}-byte file`);
      }
      // Only our tracker: WebTorrent adds public ones when a torrent names none.
      const trackers = new URL(seeded.magnetURI).searchParams.getAll('tr');
      if (trackers.join() !== tracker.announceUrl) {
        throw new Error(`the torrent announces to ${trackers.join(', ')}, not only the bench's`);
      }
      return seeded;
    };
    try {
      // The first seeder lets WebTorrent choose the piece length; the others are
      // given it, so that every seeder builds the same info dictionary.
      const first = await seedOn(await started(), undefined);
      const others = await Promise.all(
        Array.from({ length: options.seeders - 1 }, async () =>
          seedOn(await started(), first.pieceLength),
        ),
      );
      for (const other of others) {
        if (other.infoHash !== first.infoHash) {
          throw new Error(`seeders disagree on the infohash: ${first.infoHash}, ${other.infoHash}`);
        }
      }
      await tracker.waitForSeeders(first.infoHash, options.seeders, timeLeft());

      const leecher = await started();
      const leeched = await leech(leecher.page, {
        magnetURI: first.magnetURI,
        announceUrl: tracker.announceUrl,
        timeoutMs: timeLeft(),
      });
      if (leeched.length !== options.size || leeched.progress !== 1) {
        throw new Error(
          `the leecher finished with ${leeched.length} bytes at progress ${leeched.progress}`,
        );
      }
      store = describeStore(await probeStore(leecher.page), options.size);
      const key = `${options.filePath}:${options.size}`;
      if (!verified.has(key)) {
        const [downloaded, original] = await Promise.all([
          downloadedSha256(leecher.page),
          fileSha256(options.filePath),
        ]);
        if (downloaded !== original) {
          throw new Error(`WebTorrent delivered different bytes: ${downloaded}, not ${original}`);
        }
        verified.add(key);
      }
      return {
        mibPerSecond: options.size / MIB / (leeched.ms / 1000),
        ms: leeched.ms,
        metadataMs: leeched.metadataMs,
        firstPieceMs: leeched.firstPieceMs,
        pieceLength: first.pieceLength,
        uploadedBySeeder: await Promise.all(seeders.map((seeder) => uploadedBytes(seeder.page))),
      };
    } finally {
      await Promise.all(peers.map(retire));
    }
  }

  return {
    version: pages.version,
    get store() {
      return store;
    },
    run,
    async close() {
      try {
        await Promise.all([...open].map(retire));
      } finally {
        await Promise.all([tracker.close(), pages.close()]);
      }
    },
  };
}
