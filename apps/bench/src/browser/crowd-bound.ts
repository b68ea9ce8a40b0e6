// The fastest one file can reach N downloaders, whoever sends what: the sharer
// must send every byte at least once, and all N copies must be uploaded by
// someone, at the sum of everyone's upload rate (Kumar and Ross, 2006).

export interface Crowd {
  fileBytes: number;
  /** Bytes per second. */
  sharerUpload: number;
  downloaderUploads: readonly number[];
}

/** max(F / U_sharer, N·F / (U_sharer + ΣU_downloaders)), in seconds. */
export function p2pLowerBoundSeconds(crowd: Crowd): number {
  const n = crowd.downloaderUploads.length;
  const total = crowd.sharerUpload + crowd.downloaderUploads.reduce((a, b) => a + b, 0);
  return Math.max(crowd.fileBytes / crowd.sharerUpload, (n * crowd.fileBytes) / total);
}
