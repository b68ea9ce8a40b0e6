// What the fastest possible distribution of one file takes, to compare a run with.

export interface DistributionCase {
  /** File size, bytes. */
  fileBytes: number;
  /** Downloaders. */
  downloaders: number;
  /** The sharer's upload rate, bytes/s. */
  sharerUpload: number;
  /** Each downloader's upload rate, bytes/s. */
  downloaderUpload: number;
}

/**
 * The P2P lower bound, in seconds: the sharer must send every byte once
 * (F/Us), and N copies must cross the sum of all uplinks (N·F/(Us + ΣUi)).
 * Download rates are taken as unlimited. (Kumar and Ross, "Peer-assisted file
 * distribution: the minimum distribution time", 2006.)
 */
export function p2pLowerBound(c: DistributionCase): number {
  const total = c.sharerUpload + c.downloaders * c.downloaderUpload;
  return Math.max(c.fileBytes / c.sharerUpload, (c.downloaders * c.fileBytes) / total);
}

/** Seconds for the sharer alone to send every downloader a copy: N·F/Us. */
export function clientServerTime(c: DistributionCase): number {
  return (c.downloaders * c.fileBytes) / c.sharerUpload;
}
