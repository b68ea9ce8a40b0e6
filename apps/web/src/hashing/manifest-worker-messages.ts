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
