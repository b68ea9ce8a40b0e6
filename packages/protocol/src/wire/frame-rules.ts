// What makes a frame's fields acceptable, in one place: the decoder applies these
// rules to hostile bytes, and the encoder to our own frames, so encode and decode
// always agree on what a valid frame is.
import { isU32, MAX_U16 } from './bytes.ts';
import {
  GoodbyeCode,
  MAX_BLOCK_BYTES,
  MAX_MANIFEST_BYTES,
  MAX_PIECE_COUNT,
  MAX_REQUESTS_PER_FRAME,
  PROOF_BYTES,
  type BlockRange,
  type Frame,
} from './frames.ts';
import { MAX_PIECE_SIZE } from './manifest.ts';
import { wireError, type WireError } from './wire-error.ts';

const GOODBYE_CODES: ReadonlySet<number> = new Set(Object.values(GoodbyeCode));

export function isGoodbyeCode(code: number): code is GoodbyeCode {
  return GOODBYE_CODES.has(code);
}

export function pieceIndexProblem(index: number): string | undefined {
  if (!isU32(index) || index >= MAX_PIECE_COUNT) {
    return `piece index ${index} is not below MAX_PIECE_COUNT (${MAX_PIECE_COUNT})`;
  }
  return undefined;
}

/** A block is 1..MAX_BLOCK_BYTES bytes and lies inside the largest possible piece. */
export function blockProblem(begin: number, length: number): string | undefined {
  if (!isU32(begin) || !isU32(length)) return `block ${begin}+${length} is not two u32s`;
  if (length < 1 || length > MAX_BLOCK_BYTES) {
    return `block length ${length} is not within 1..MAX_BLOCK_BYTES (${MAX_BLOCK_BYTES})`;
  }
  if (begin + length > MAX_PIECE_SIZE) {
    return `block ${begin}+${length} ends past MAX_PIECE_SIZE (${MAX_PIECE_SIZE})`;
  }
  return undefined;
}

/** What a request, cancel or reject names: a valid piece index and a valid block. */
function rangeProblem({ index, begin, length }: BlockRange): string | undefined {
  return pieceIndexProblem(index) ?? blockProblem(begin, length);
}

/**
 * Manifest slices are canonical: the manifest is cut into MAX_BLOCK_BYTES slices from
 * offset 0, the last one shorter. So a slice's length follows from (total, offset), and
 * the assembler needs no interval bookkeeping that a hostile peer could blow up.
 * Returns the slice length, or a problem.
 */
export function manifestSliceLength(totalBytes: number, offset: number): number | string {
  if (!isU32(totalBytes) || totalBytes < 1 || totalBytes > MAX_MANIFEST_BYTES) {
    return `manifest total ${totalBytes} is not within 1..MAX_MANIFEST_BYTES (${MAX_MANIFEST_BYTES})`;
  }
  if (!isU32(offset) || offset >= totalBytes || offset % MAX_BLOCK_BYTES !== 0) {
    return `manifest offset ${offset} is not a slice boundary below total ${totalBytes}`;
  }
  return Math.min(MAX_BLOCK_BYTES, totalBytes - offset);
}

/** Returns the byte length of a bitfield for `pieceCount` pieces, or a problem. */
export function bitfieldLength(pieceCount: number): number | string {
  if (!isU32(pieceCount) || pieceCount > MAX_PIECE_COUNT) {
    return `bitfield piece count ${pieceCount} exceeds MAX_PIECE_COUNT (${MAX_PIECE_COUNT})`;
  }
  return Math.ceil(pieceCount / 8);
}

/**
 * True when bits past `pieceCount` in the last byte are set. They must be zero, or one
 * bitfield would have many encodings (and a careless reader would see phantom pieces).
 */
export function spareBitsSet(pieceCount: number, bits: Uint8Array): boolean {
  const used = pieceCount % 8;
  if (used === 0 || bits.length === 0) return false;
  const last = bits[bits.length - 1] ?? 0;
  return (last & (0xff >>> used)) !== 0;
}

/**
 * Everything wrong with a frame we are about to encode, or undefined. The goodbye
 * reason's byte length is checked by the encoder, which has the bytes at hand.
 */
export function frameProblem(frame: Frame): WireError | undefined {
  const outOfRange = (message: string): WireError => wireError('out-of-range', message, frame.type);
  switch (frame.type) {
    case 'hello':
      if (!Number.isInteger(frame.version) || frame.version < 0 || frame.version > MAX_U16) {
        return outOfRange(`version ${frame.version} is not a u16`);
      }
      if (frame.proof.length !== PROOF_BYTES) {
        return outOfRange(`proof is ${frame.proof.length} bytes, not PROOF_BYTES (${PROOF_BYTES})`);
      }
      return undefined;
    case 'manifest': {
      const length = manifestSliceLength(frame.totalBytes, frame.offset);
      if (typeof length === 'string') return outOfRange(length);
      if (frame.data.length !== length) {
        return outOfRange(`manifest slice is ${frame.data.length} bytes, not ${length}`);
      }
      return undefined;
    }
    case 'bitfield': {
      const length = bitfieldLength(frame.pieceCount);
      if (typeof length === 'string') return outOfRange(length);
      if (frame.bits.length !== length) {
        return outOfRange(`bitfield is ${frame.bits.length} bytes, not ${length}`);
      }
      if (spareBitsSet(frame.pieceCount, frame.bits)) {
        return outOfRange('bitfield has bits set past its piece count');
      }
      return undefined;
    }
    case 'have': {
      const problem = pieceIndexProblem(frame.index);
      return problem === undefined ? undefined : outOfRange(problem);
    }
    case 'request':
    case 'cancel':
    case 'reject': {
      const problem = rangeProblem(frame);
      return problem === undefined ? undefined : outOfRange(problem);
    }
    case 'requests': {
      const count = frame.requests.length;
      if (count < 1 || count > MAX_REQUESTS_PER_FRAME) {
        return outOfRange(
          `${count} requests is not within 1..MAX_REQUESTS_PER_FRAME (${MAX_REQUESTS_PER_FRAME})`,
        );
      }
      for (const request of frame.requests) {
        const problem = rangeProblem(request);
        if (problem !== undefined) return outOfRange(problem);
      }
      return undefined;
    }
    case 'piece': {
      const problem =
        pieceIndexProblem(frame.index) ?? blockProblem(frame.begin, frame.data.length);
      return problem === undefined ? undefined : outOfRange(problem);
    }
    case 'goodbye':
      if (!isGoodbyeCode(frame.code)) {
        return wireError(
          'unknown-goodbye-code',
          `goodbye code ${frame.code} is unknown`,
          'goodbye',
        );
      }
      return undefined;
    case 'manifest-request':
    case 'choke':
    case 'unchoke':
      return undefined;
  }
}
