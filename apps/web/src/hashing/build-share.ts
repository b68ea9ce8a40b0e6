// Runs the manifest workers for one share and turns their messages into a promise.
import {
  assembleShare,
  HASH_BATCH_BYTES,
  mergeHashParts,
  planShare,
  READ_AHEAD_BATCHES,
  ShoalError,
  type BuildProgress,
  type ShoalErrorCode,
} from '@shoal/core';
import type { PickedFile } from '../ui/collect-files.ts';
import { fileSource } from '../storage/file-source.ts';
import { unpackHashes, type HashRequest, type WorkerReply } from './manifest-worker-messages.ts';
import { SpareWorker } from './spare-worker.ts';

export interface BuiltShareBytes {
  manifestBytes: Uint8Array;
  shareId: Uint8Array;
}

/**
 * Workers that hash one share side by side. Chromium's File reads, not SHA-256,
 * bound hashing, and one worker leaves part of a second core idle: on 2 cores
 * here, two workers hashed a 1 GiB file at 342–425 MiB/s against 313–342 for
 * one (alternating, same run). More than two was not measured.
 */
export const HASHING_WORKERS = 2;

/**
 * Reads each worker keeps in flight: together about as many as one worker with
 * READ_AHEAD_BATCHES (the 2-worker figures above used 2 each). At most
 * 2 × (2 + 1) batches of 16 MiB are in memory, against 3 + 1 with one worker.
 */
const READ_AHEAD_PER_WORKER = Math.max(1, Math.ceil(READ_AHEAD_BATCHES / HASHING_WORKERS));

// Vite bundles the worker only when it sees `new Worker(new URL(...))` written out like this.
const hashingWorkers = Array.from(
  { length: HASHING_WORKERS },
  () =>
    new SpareWorker(
      () => new Worker(new URL('./manifest-worker.ts', import.meta.url), { type: 'module' }),
    ),
);

/** Workers worth starting on this device: no more than its cores. */
function usableWorkers(): number {
  return Math.max(1, Math.min(HASHING_WORKERS, navigator.hardwareConcurrency || 1));
}

/** Starts the hashing workers before files arrive, so that hashing begins the moment they do. */
export function prepareHashingWorker(): void {
  for (const spare of hashingWorkers.slice(0, usableWorkers())) spare.prepare();
}

/**
 * Hashes `files` in Web Workers (the prepared ones, if any), each taking every
 * other batch of pieces; aborting terminates them all.
 */
export async function buildShareInWorker(
  files: PickedFile[],
  onProgress: (progress: BuildProgress) => void,
  signal?: AbortSignal,
): Promise<BuiltShareBytes> {
  const plan = planShare(files.map(({ file, path }) => fileSource(file, path)));
  const totalBytes = plan.layout.totalSize;
  // A share smaller than a batch or two gains nothing from a second worker.
  const parts = Math.min(usableWorkers(), Math.max(1, Math.ceil(totalBytes / HASH_BATCH_BYTES)));
  const progress = Array.from({ length: parts }, () => ({ hashedBytes: 0, hashedPieces: 0 }));
  const report = () =>
    onProgress({
      hashedBytes: progress.reduce((sum, p) => sum + p.hashedBytes, 0),
      totalBytes,
      hashedPieces: progress.reduce((sum, p) => sum + p.hashedPieces, 0),
      pieceCount: plan.layout.pieceCount,
    });
  const workers = hashingWorkers.slice(0, parts).map((spare) => spare.take());
  const request: Omit<HashRequest, 'part'> = {
    type: 'hash',
    files: files.map(({ file, path }) => ({ file, path })),
    pieceSize: plan.layout.pieceSize,
    parts,
    readAhead: READ_AHEAD_PER_WORKER,
  };
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ShoalError('aborted', 'Preparing the share was cancelled'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // only ever raced
  try {
    const hashed = await Promise.race([
      Promise.all(
        workers.map((worker, part) =>
          hashPart(worker, { ...request, part }, (p) => {
            progress[part] = p;
            report();
          }),
        ),
      ),
      aborted,
    ]);
    const built = await assembleShare(plan, mergeHashParts(plan.layout, hashed));
    return { manifestBytes: built.manifestBytes, shareId: built.shareId };
  } finally {
    for (const worker of workers) worker.terminate();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** One worker's part: its piece hashes, in order. */
function hashPart(
  worker: Worker,
  request: HashRequest,
  onProgress: (progress: { hashedBytes: number; hashedPieces: number }) => void,
): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') return onProgress(reply.progress);
      if (reply.type === 'failed') {
        return reject(new ShoalError(reply.code as ShoalErrorCode, reply.message));
      }
      resolve(unpackHashes(reply.hashes));
    });
    worker.addEventListener('error', (event) => {
      reject(new Error(`The hashing worker failed: ${event.message}`));
    });
    worker.postMessage(request);
  });
}
