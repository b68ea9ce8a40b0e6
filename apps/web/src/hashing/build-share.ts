// Runs the manifest worker for one share and turns its messages into a promise.
import { ShoalError, type BuildProgress, type ShoalErrorCode } from '@shoal/core';
import type { PickedFile } from '../ui/collect-files.ts';
import type { BuildRequest, WorkerReply } from './manifest-worker-messages.ts';
import { SpareWorker } from './spare-worker.ts';

export interface BuiltShareBytes {
  manifestBytes: Uint8Array;
  shareId: Uint8Array;
}

// Vite bundles the worker only when it sees `new Worker(new URL(...))` written out like this.
const hashingWorkers = new SpareWorker(
  () => new Worker(new URL('./manifest-worker.ts', import.meta.url), { type: 'module' }),
);

/** Starts the hashing worker before files arrive, so that hashing begins the moment they do. */
export function prepareHashingWorker(): void {
  hashingWorkers.prepare();
}

/** Hashes `files` in a Web Worker (the prepared one, if any); aborting terminates the worker. */
export function buildShareInWorker(
  files: PickedFile[],
  onProgress: (progress: BuildProgress) => void,
  signal?: AbortSignal,
): Promise<BuiltShareBytes> {
  return new Promise((resolve, reject) => {
    const worker = hashingWorkers.take();
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new ShoalError('aborted', 'Preparing the share was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') return onProgress(reply.progress);
      finish();
      if (reply.type === 'done')
        resolve({ manifestBytes: reply.manifestBytes, shareId: reply.shareId });
      else reject(new ShoalError(reply.code as ShoalErrorCode, reply.message));
    });
    worker.addEventListener('error', (event) => {
      finish();
      reject(new Error(`The hashing worker failed: ${event.message}`));
    });
    const request: BuildRequest = {
      type: 'build',
      files: files.map(({ file, path }) => ({ file, path })),
    };
    worker.postMessage(request);
  });
}
