// Everything a swarm can only build once it knows the manifest: the layout,
// the download (picker, rarity, timeouts) and the cache that serves pieces.
import type { Manifest } from '@shoal/protocol';
import { Download, type DownloadHooks } from './download.ts';
import type { Clock, FileSource, PieceStore, Sha256 } from './interfaces.ts';
import { ShareLayout } from './layout.ts';
import { PieceCache } from './piece-cache.ts';
import { pieceLoader } from './serving.ts';

export interface OpenShare {
  manifest: Manifest;
  /** Canonical manifest bytes, sent to peers that ask. */
  bytes: Uint8Array;
  layout: ShareLayout;
  download: Download;
  /** Whole pieces for serving, from the store or (hashed first) from the sharer's files. */
  cache: PieceCache;
}

/** Where a share's pieces are: the sharer's files, or a downloader's store. */
export type SharePieces = { files: readonly FileSource[] } | { store: PieceStore };

export interface OpenShareOptions {
  manifest: Manifest;
  bytes: Uint8Array;
  pieces: SharePieces;
  sha256: Sha256;
  clock: Clock;
  random: (() => number) | undefined;
  requestTimeoutMs: number | undefined;
  hooks: DownloadHooks;
  onSourceChanged: (index: number) => void;
}

/** Builds the share's state and marks what we already have: all of it for a sharer, the store's pieces otherwise. */
export async function openShare(options: OpenShareOptions): Promise<OpenShare> {
  const { manifest, pieces } = options;
  const store = 'store' in pieces ? pieces.store : null;
  const layout = ShareLayout.of(manifest);
  const download = new Download({
    manifest,
    layout,
    store,
    sha256: options.sha256,
    clock: options.clock,
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
    hooks: options.hooks,
  });
  if (store === null) {
    for (let i = 0; i < layout.pieceCount; i++) download.markHave(i);
  } else {
    for (const index of await store.list()) {
      if (Number.isInteger(index) && index >= 0 && index < layout.pieceCount) {
        download.markHave(index);
      }
    }
  }
  const cache = new PieceCache(
    pieceLoader({
      manifest,
      layout,
      pieces,
      sha256: options.sha256,
      onSourceChanged: options.onSourceChanged,
    }),
    manifest.pieceSize,
  );
  return { manifest, bytes: options.bytes, layout, download, cache };
}
