// Piece size from total size: large enough that a share has a few thousand pieces at most.
import { MAX_PIECE_SIZE_LOG2, MIN_PIECE_SIZE_LOG2 } from '@shoal/protocol';

/**
 * Most pieces we aim for. 2,000 hashes make a 64 KB manifest and a 250-byte
 * bitfield, and the picker's per-piece work stays trivial. Shares above
 * 2,000 × 16 MiB (about 31 GiB) get more pieces, since 16 MiB is the cap.
 */
export const TARGET_MAX_PIECES = 2000;

/** Smallest power of two in [256 KiB, 16 MiB] that keeps the share at TARGET_MAX_PIECES or fewer. */
export function choosePieceSize(totalSize: number): number {
  for (let log2 = MIN_PIECE_SIZE_LOG2; log2 < MAX_PIECE_SIZE_LOG2; log2++) {
    if (Math.ceil(totalSize / 2 ** log2) <= TARGET_MAX_PIECES) return 2 ** log2;
  }
  return 2 ** MAX_PIECE_SIZE_LOG2;
}
