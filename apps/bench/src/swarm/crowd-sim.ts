// A flash crowd on the simulated clock: one sharer and N downloaders with the
// real engine (Swarm, choking, super-seeding), the real NeighbourPolicy and a
// model of the sampling server, every peer's upload capped by one uplink that
// all its connections share, downloads unlimited (as the lower bound assumes).
import { createHash } from 'node:crypto';
import {
  buildManifest,
  Swarm,
  type DownloaderSwarmOptions,
  type Sha256,
  type SwarmOptions,
} from '@shoal/core';
import { MemoryFileSource, SimulatedClock } from '@shoal/core/testing';
import { clientServerTime, p2pLowerBound } from './bounds.ts';
import { CheckedStore, PieceOracle } from './checked-store.ts';
import { seededRandom } from './random.ts';
import { SAMPLE_SIZE, SamplingServer } from './sampling-server.ts';
import { SimPeer, type SimNet } from './sim-peer.ts';

export interface CrowdCase {
  downloaders: number;
  fileBytes: number;
  pieceBytes: number;
  /** Every downloader's upload, bytes/s. */
  uploadBytesPerSecond: number;
  /** The sharer's upload, bytes/s. */
  sharerUploadBytesPerSecond: number;
  /** Downloaders arrive at uniformly random times within this many ms of the first. */
  arrivalSpreadMs: number;
  /** The sharer closes its tab once it has uploaded this many copies of the file. */
  sharerLeavesAfterCopies?: number;
  /**
   * This fraction of the downloaders leaves at random times while the crowd
   * downloads, and as many newcomers join at random times.
   */
  churnFraction?: number;
  seed: number;
  /** Browser to server, one way, ms. */
  signalMs?: number;
  /** Browser to browser, one way, ms. */
  linkLatencyMs?: number;
  /** Engine settings for every peer (maxPeers, uploadSlots, ...): what-ifs against the defaults. */
  swarm?: Partial<Pick<SwarmOptions, 'maxPeers' | 'maxConnections' | 'uploadSlots' | 'superSeed'>>;
  /** Called every simulated second with the peers in the room: for looking into a run. */
  probe?: (now: number, peers: readonly SimPeer[]) => void;
  /** Most simulated time to run, ms. */
  limitMs?: number;
}

export interface CrowdResult {
  case: CrowdCase;
  /** From the sharer's start (time 0; arrivals follow within arrivalSpreadMs) until the last downloader that stayed finished, ms; null if some never did. */
  allFinishedMs: number | null;
  /** Downloaders that stayed to the end (the churned-out ones excluded, newcomers included). */
  stayed: number;
  finished: number;
  /** The P2P lower bound and client-server time, ms. */
  boundMs: number;
  clientServerMs: number;
  /** Copies of the file the sharer uploaded (piece bytes). */
  sharerCopies: number;
  /** When the sharer left (sharerLeavesAfterCopies), ms; null if it stayed. */
  sharerLeftAtMs: number | null;
  /** Pieces stored that differed from the file; must be 0. */
  wrongPieces: number;
  /** Downloaders whose store holds every piece of the file. */
  complete: number;
  /** When the crowd first held a whole copy between them (every piece stored by someone), ms. */
  wholeCopyAtMs: number | null;
  /** Finish times of the downloaders that finished: the first, the median, the 90th percentile, ms. */
  finishMs: { first: number; median: number; p90: number } | null;
  /** Bytes all uplinks sent over what they could have sent until the last finish (1 = always busy). */
  uplinkUse: number;
  /** Wall-clock ms the run took. */
  wallMs: number;
}

/** SHA-256 in Node; the engine verifies every piece with it, as in the browser. */
const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();

/** The crowd has stalled when no piece was verified anywhere for this long (simulated ms). */
const STALL_MS = 60_000;

/** How often the sharer's uploads are checked against sharerLeavesAfterCopies, simulated ms. */
const WATCH_MS = 100;

/**
 * Timers due within this many simulated ms run as one batch before promise
 * work settles (SimulatedClock batchWithinMs): a millisecond is far below any
 * latency here, and settling after every one of millions of timers would be
 * most of a run's time.
 */
const CLOCK_BATCH_MS = 1;

export async function runCrowd(c: CrowdCase): Promise<CrowdResult> {
  const started = performance.now();
  const random = seededRandom(c.seed);
  const clock = new SimulatedClock(0, { batchWithinMs: CLOCK_BATCH_MS });
  const server = new SamplingServer(seededRandom(c.seed + 1));
  const peers = new Map<string, SimPeer>();
  const net: SimNet = {
    clock,
    server,
    peer: (id) => {
      const peer = peers.get(id);
      return peer === undefined || peer.left ? undefined : peer;
    },
    signalMs: c.signalMs ?? 25,
    linkLatencyMs: c.linkLatencyMs ?? 25,
    peerLeftToRoomUpTo: SAMPLE_SIZE,
  };

  const file = MemoryFileSource.generated('crowd.bin', c.fileBytes, c.seed);
  const share = await buildManifest([file], {
    sha256,
    pieceSize: c.pieceBytes,
    randomBytes: (n) => new Uint8Array(n).fill(7),
  });
  const pieceCount = share.manifest.pieceHashes.length;
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < pieceCount; i++) {
    pieces.push(await file.read(i * c.pieceBytes, Math.min(c.fileBytes, (i + 1) * c.pieceBytes)));
  }
  const oracle = new PieceOracle(pieces, () => clock.now());

  const swarmOptions = (): Omit<DownloaderSwarmOptions, 'store' | 'manifestBytes'> => {
    let seed = Math.floor(random() * 2 ** 31);
    return {
      ...c.swarm,
      shareId: share.shareId,
      sha256,
      clock,
      random: () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 2 ** 32;
      },
    };
  };

  const sharerSwarm = new Swarm({
    ...swarmOptions(),
    manifestBytes: share.manifestBytes,
    sources: [file],
  });
  await sharerSwarm.start();
  const sharer = new SimPeer(net, 'sharer', sharerSwarm, c.sharerUploadBytesPerSecond, random);
  peers.set(sharer.id, sharer);
  sharer.join();

  const finishedAt = new Map<string, number>();
  const stores = new Map<string, CheckedStore>();
  /** Downloaders that arrived and have neither finished nor left: the run ends when none are left to come or finish. */
  const unfinished = new Set<string>();
  let lastPieceAt = 0;
  let nextId = 0;
  const arrive = (): void => {
    const id = `d${nextId++}`;
    const store = new CheckedStore(oracle);
    stores.set(id, store);
    const swarm = new Swarm({ ...swarmOptions(), store });
    const peer = new SimPeer(net, id, swarm, c.uploadBytesPerSecond, random);
    peers.set(id, peer);
    swarm.on('piece', () => (lastPieceAt = clock.now()));
    unfinished.add(id);
    swarm.on('complete', () => {
      finishedAt.set(id, clock.now());
      unfinished.delete(id);
    });
    void swarm.start().then(() => peer.join());
  };

  for (let i = 0; i < c.downloaders; i++) clock.setTimeout(arrive, random() * c.arrivalSpreadMs);

  const bound = {
    fileBytes: c.fileBytes,
    downloaders: c.downloaders,
    sharerUpload: c.sharerUploadBytesPerSecond,
    downloaderUpload: c.uploadBytesPerSecond,
  };
  const boundMs = p2pLowerBound(bound) * 1000;

  // Churn: departures and as many arrivals, at random times over the bound's span.
  const churned = Math.round((c.churnFraction ?? 0) * c.downloaders);
  for (let i = 0; i < churned; i++) {
    clock.setTimeout(
      () => {
        const staying = [...peers.values()].filter(
          (p) => p !== sharer && !p.left && !finishedAt.has(p.id),
        );
        const leaving = staying[Math.floor(random() * staying.length)];
        leaving?.leave();
        if (leaving !== undefined) unfinished.delete(leaving.id);
      },
      c.arrivalSpreadMs + random() * boundMs,
    );
    clock.setTimeout(arrive, random() * boundMs);
  }

  let sharerLeftAtMs: number | null = null;
  if (c.sharerLeavesAfterCopies !== undefined) {
    const leaveAt = c.sharerLeavesAfterCopies * c.fileBytes;
    const watch = (): void => {
      if (sharerSwarm.progress().uploadedBytes >= leaveAt) {
        sharerLeftAtMs = clock.now();
        return sharer.leave();
      }
      clock.setTimeout(watch, WATCH_MS);
    };
    clock.setTimeout(watch, WATCH_MS);
  }

  const probe = c.probe;
  if (probe !== undefined) {
    const tick = (): void => {
      probe(
        clock.now(),
        [...peers.values()].filter((p) => !p.left),
      );
      clock.setTimeout(tick, 1000);
    };
    clock.setTimeout(tick, 1000);
  }

  const downloaders = (): SimPeer[] => [...peers.values()].filter((p) => p !== sharer);
  const allDone = (): boolean => nextId === c.downloaders + churned && unfinished.size === 0;
  const stalled = (): boolean =>
    clock.now() - lastPieceAt > STALL_MS && clock.now() > c.arrivalSpreadMs;
  await clock.runUntil(() => allDone() || stalled(), c.limitMs ?? 60 * 60 * 1000);

  const stayers = downloaders().filter((p) => !p.left);
  const finished = stayers.filter((p) => finishedAt.has(p.id)).length;
  const times = stayers.flatMap((p) => finishedAt.get(p.id) ?? []).sort((a, b) => a - b);
  const endMs = times.at(-1) ?? clock.now();
  let sent = 0;
  let capacity = 0;
  for (const p of peers.values()) {
    sent += p.uplink.sentBytes;
    capacity += (p.uplink.rate * endMs) / 1000;
  }
  const firstCopies = [...oracle.firstStoredAt];
  const complete = stayers.filter((p) => stores.get(p.id)!.size === pieceCount).length;
  const result: CrowdResult = {
    case: c,
    allFinishedMs:
      finished === stayers.length
        ? Math.max(0, ...stayers.map((p) => finishedAt.get(p.id)!))
        : null,
    stayed: stayers.length,
    finished,
    boundMs,
    clientServerMs: clientServerTime(bound) * 1000,
    sharerCopies: sharerSwarm.progress().uploadedBytes / c.fileBytes,
    sharerLeftAtMs,
    wrongPieces: oracle.wrongPieces,
    complete,
    wholeCopyAtMs: firstCopies.some(Number.isNaN) ? null : Math.max(...firstCopies),
    finishMs:
      times.length === 0
        ? null
        : {
            first: times[0]!,
            median: times[Math.floor(times.length / 2)]!,
            p90: times[Math.floor(times.length * 0.9)]!,
          },
    uplinkUse: sent / capacity,
    wallMs: performance.now() - started,
  };
  for (const p of peers.values()) if (!p.left) p.leave();
  return result;
}
