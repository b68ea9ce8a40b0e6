// Messages between the page and the manifest worker. Both sides are our own code,
// but the types keep them in step.
import type { BuildProgress } from '@shoal/core';

export interface BuildRequest {
  type: 'build';
  files: { file: File; path: string }[];
}

export type WorkerReply =
  | { type: 'progress'; progress: BuildProgress }
  | { type: 'done'; manifestBytes: Uint8Array; shareId: Uint8Array }
  | { type: 'failed'; code: string; message: string };
