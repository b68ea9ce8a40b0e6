// Pieces travel in blocks: one request and one piece frame per block.
import { MAX_BLOCK_BYTES } from '@shoal/protocol';

/**
 * Bytes per requested block: 32 KiB, the largest power of two that fits in one
 * piece frame (MAX_BLOCK_BYTES is 64 KiB minus the header). A power of two so
 * that it divides every piece size and only a share's last block is short.
 */
export const BLOCK_BYTES = 32 * 1024;

/** Blocks in the largest piece (16 MiB / 32 KiB): used to give each block a numeric key. */
export const MAX_BLOCKS_PER_PIECE = 512;

if (BLOCK_BYTES > MAX_BLOCK_BYTES) throw new Error('BLOCK_BYTES must fit in a piece frame');

export interface BlockRequest {
  index: number;
  begin: number;
  length: number;
}

export function blockCount(pieceLength: number): number {
  return Math.ceil(pieceLength / BLOCK_BYTES);
}

/** The `block`-th block of a piece of `pieceLength` bytes. */
export function blockOf(index: number, block: number, pieceLength: number): BlockRequest {
  const begin = block * BLOCK_BYTES;
  return { index, begin, length: Math.min(BLOCK_BYTES, pieceLength - begin) };
}

/** A number naming one block of one piece, for maps. */
export function blockKey(index: number, begin: number): number {
  return index * MAX_BLOCKS_PER_PIECE + begin / BLOCK_BYTES;
}
