// Messages between the page and a manifest worker. Both sides are our own code,
// but the types keep them in step.
import type { BuildProgress } from '@shoal/core';

/** Hash part `part` of `parts` of the share (see core's hashPieces). */
export interface HashRequest {
  type: 'hash';
  files: { file: File; path: string }[];
  pieceSize: number;
  part: number;
  parts: number;
  readAhead: number;
}

export type WorkerReply =
  /** This part's progress: its own bytes and pieces, not the whole share's. */
  | { type: 'progress'; progress: BuildProgress }
  /** This part's piece hashes, 32 bytes each, in piece order. */
  | { type: 'done'; hashes: Uint8Array }
  | { type: 'failed'; code: string; message: string };

/** Bytes of one SHA-256 piece hash in a packed `done` reply. */
const HASH_BYTES = 32;

/** Packs a part's hashes into one transferable buffer. */
export function packHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const packed = new Uint8Array(hashes.length * HASH_BYTES);
  hashes.forEach((hash, i) => packed.set(hash, i * HASH_BYTES));
  return packed;
}

/** The hashes packHashes packed, as views of its buffer. */
export function unpackHashes(packed: Uint8Array): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  for (let at = 0; at < packed.length; at += HASH_BYTES) {
    hashes.push(packed.subarray(at, at + HASH_BYTES));
  }
  return hashes;
}
