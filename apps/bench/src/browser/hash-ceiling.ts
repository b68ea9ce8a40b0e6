// The ceiling for share preparation: a bare Web Worker that reads the same file
// with the same File.slice reads (HASH_BATCH_BYTES each, READ_AHEAD_BATCHES
// ahead) and hashes it piece by piece with WebCrypto, with no app code around it.
// On a 2-core machine both numbers are bound by Chromium's file reading, so the
// ratio says how much of the platform's speed the app leaves on the table.
import type { Page } from '@playwright/test';

export interface HashCeilingOptions {
  filePath: string;
  pieceSize: number;
  batchBytes: number;
  readAhead: number;
}

/**
 * Runs in the worker: keeps `readAhead` batch reads in flight (as buildManifest
 * does), hashes each piece of a batch; posts elapsed milliseconds.
 */
const WORKER_SOURCE = `
onmessage = async ({ data: { file, pieceSize, batchBytes, readAhead } }) => {
  const started = performance.now();
  const reads = [];
  let next = 0;
  const readMore = () => {
    while (reads.length < readAhead && next < file.size) {
      reads.push(file.slice(next, next + batchBytes).arrayBuffer());
      next += batchBytes;
    }
  };
  readMore();
  while (reads.length > 0) {
    const batch = await reads.shift();
    readMore();
    const hashes = [];
    for (let at = 0; at < batch.byteLength; at += pieceSize) {
      hashes.push(crypto.subtle.digest('SHA-256', new Uint8Array(batch, at, Math.min(pieceSize, batch.byteLength - at))));
    }
    await Promise.all(hashes);
  }
  postMessage(performance.now() - started);
};`;

/**
 * Hashes the file at `filePath` in a bare worker on `page`; returns bytes per second.
 * `origin` is any URL on a secure origin: the page is served by Playwright there,
 * without the app's CSP (which rightly forbids blob: workers).
 */
export async function measureHashCeiling(
  page: Page,
  origin: string,
  options: HashCeilingOptions,
): Promise<number> {
  const url = `${origin}/bench-hash-ceiling`;
  await page.route(url, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<input type="file" id="bench-file">' }),
  );
  await page.goto(url);
  await page.setInputFiles('#bench-file', options.filePath);
  const { size, ms } = await page.evaluate(
    async ({ source, pieceSize, batchBytes, readAhead }) => {
      const file = (document.getElementById('bench-file') as HTMLInputElement).files![0]!;
      const worker = new Worker(
        URL.createObjectURL(new Blob([source], { type: 'text/javascript' })),
      );
      const elapsed = await new Promise<number>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<number>) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage({ file, pieceSize, batchBytes, readAhead });
      });
      worker.terminate();
      return { size: file.size, ms: elapsed };
    },
    {
      source: WORKER_SOURCE,
      pieceSize: options.pieceSize,
      batchBytes: options.batchBytes,
      readAhead: options.readAhead,
    },
  );
  return size / (ms / 1000);
}
