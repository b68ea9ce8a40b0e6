// Hashes one part of a share's files off the main thread, a batch of pieces at
// a time, so the page stays responsive while gigabytes go through SHA-256.
import { hashPieces, ShareLayout, ShoalError } from '@shoal/core';
import { fileSource } from '../storage/file-source.ts';
import { packHashes, type HashRequest, type WorkerReply } from './manifest-worker-messages.ts';

/** Progress messages per second at most: enough for a smooth bar. */
const PROGRESS_MESSAGES_PER_SECOND = 10;

// In a dedicated worker, postMessage(message, transfer) posts to the page; the DOM lib types it as window.postMessage.
const post = (reply: WorkerReply, transfer: Transferable[] = []) =>
  (
    self as unknown as { postMessage(message: unknown, transfer: Transferable[]): void }
  ).postMessage(reply, transfer);

addEventListener('message', async (event: MessageEvent<HashRequest>) => {
  if (event.data?.type !== 'hash') return;
  const { files, pieceSize, part, parts, readAhead } = event.data;
  let lastProgress = 0;
  try {
    const sources = files.map(({ file, path }) => fileSource(file, path));
    // The page has checked the files (planShare) and chosen the piece size.
    const layout = new ShareLayout(sources, pieceSize);
    const hashes = await hashPieces(sources, layout, {
      part,
      parts,
      readAhead,
      onProgress: (progress) => {
        const now = performance.now();
        const last = progress.hashedPieces === progress.pieceCount;
        if (!last && now - lastProgress < 1000 / PROGRESS_MESSAGES_PER_SECOND) return;
        lastProgress = now;
        post({ type: 'progress', progress });
      },
    });
    const packed = packHashes(hashes);
    post({ type: 'done', hashes: packed }, [packed.buffer]);
  } catch (error) {
    const code = error instanceof ShoalError ? error.code : 'hashing-failed';
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'failed', code, message });
  }
});
