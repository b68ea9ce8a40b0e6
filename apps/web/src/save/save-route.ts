// How a save reaches the disk. Best: the service worker streams it to the
// browser's download manager (save-file.ts). Without a worker (Firefox private
// windows, browsers with workers turned off) the page itself saves: through the
// File System Access API where the browser has it, else as a Blob handed to the
// download manager by an object URL. A Blob made of the stored pieces' Blobs
// stays in IndexedDB's files; one assembled from bytes (a ZIP, or pieces an
// older version stored as bytes) is held in memory whole, so it has a limit.

/**
 * Largest save assembled in memory: well inside what a 32-bit or phone browser
 * gives one tab, and a size most people save without a second thought.
 */
export const IN_MEMORY_SAVE_MAX_BYTES = 512 * 1024 * 1024;

export type SaveRoute = 'service-worker' | 'file-picker' | 'blob' | 'too-large';

export function chooseSaveRoute(can: {
  /** A service worker can control this page. */
  worker: boolean;
  /** window.showSaveFilePicker exists. */
  filePicker: boolean;
  /** The Blob would be assembled in memory, not made of stored Blobs. */
  inMemory: boolean;
  bytes: number;
}): SaveRoute {
  if (can.worker) return 'service-worker';
  if (can.filePicker) return 'file-picker';
  if (!can.inMemory || can.bytes <= IN_MEMORY_SAVE_MAX_BYTES) return 'blob';
  return 'too-large';
}
