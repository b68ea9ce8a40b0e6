// Piece size from total size. Every stored piece is one IndexedDB value, and
// Chromium pays about 3.5 ms of CPU per value however small (measured: 96 MiB
// written as 256 KiB values cost 2.6 s of CPU, as 1 MiB values 1.6 s, as 4 MiB
// values 1.1 s). On a two-core machine that is throughput, so pieces grow
// with the share; but a sharer keeps whole pieces in its cache (PIECE_CACHE_BYTES)
// while peers walk them block by block, so they stop growing at a size the cache
// holds several of, until the piece count itself gets large.
import { MAX_PIECE_SIZE_LOG2, MIN_PIECE_SIZE_LOG2 } from '@shoal/protocol';

/** Pieces a share is cut into while pieces are small: 256 MiB makes 256 pieces of 1 MiB. */
export const PREFERRED_PIECES = 256;

/**
 * Largest piece we choose just to save storage overhead: 4 MiB, so a sharer's
 * 32 MiB piece cache still holds eight, one per peer it serves at once.
 */
export const COMFORTABLE_PIECE_SIZE = 4 * 1024 * 1024;

/**
 * Most pieces we accept before growing pieces past COMFORTABLE_PIECE_SIZE: 2,000
 * hashes make a 64 KB manifest and a 250-byte bitfield. Shares above 2,000 × 16 MiB
 * (about 31 GiB) get more pieces, since 16 MiB is the cap.
 */
export const TARGET_MAX_PIECES = 2000;

/**
 * Smallest power of two in [256 KiB, 16 MiB] that cuts the share into at most
 * PREFERRED_PIECES, or, from COMFORTABLE_PIECE_SIZE up, into at most TARGET_MAX_PIECES.
 */
export function choosePieceSize(totalSize: number): number {
  for (let log2 = MIN_PIECE_SIZE_LOG2; log2 < MAX_PIECE_SIZE_LOG2; log2++) {
    const pieces = Math.ceil(totalSize / 2 ** log2);
    if (pieces <= PREFERRED_PIECES) return 2 ** log2;
    if (2 ** log2 >= COMFORTABLE_PIECE_SIZE && pieces <= TARGET_MAX_PIECES) return 2 ** log2;
  }
  return 2 ** MAX_PIECE_SIZE_LOG2;
}
