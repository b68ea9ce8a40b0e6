// The byte layout of every frame, written once: the encoder writes by it, the
// decoder reads by it, and a sender sizes a frame by it before encoding.
//
// A frame is 1 byte type code (FRAME_TYPE_CODES), then its fixed fields in
// order, big-endian, then at most one tail that runs to the end of the message.
// A data channel preserves message boundaries, so a frame is exactly one
// message and its tail needs no length prefix.
//
//   hello             version u16, proof [PROOF_BYTES]   (layout frozen across versions,
//                                                         so a peer can always say which
//                                                         version it speaks)
//   manifest-request  -
//   manifest          totalBytes u32, offset u32, data (tail; length fixed by total/offset)
//   bitfield          pieceCount u32, bits (tail; exactly ceil(pieceCount / 8) bytes)
//   have              index u32
//   request/cancel/reject  index u32, begin u32, length u32
//   requests          (index u32, begin u32, length u32) × 1..MAX_REQUESTS_PER_FRAME (tail)
//   piece             index u32, begin u32, data (tail)
//   choke, unchoke    -
//   goodbye           code u8, reason (tail; UTF-8, at most MAX_REASON_BYTES)
import { readU16, readU32, writeU16, writeU32 } from './bytes.ts';
import { MAX_REASON_BYTES, PROOF_BYTES, type BlockRange, type FrameType } from './frames.ts';
import { bitfieldLength, manifestSliceLength } from './frame-rules.ts';

export type FixedField =
  | { name: string; kind: 'u8' | 'u16' | 'u32'; bytes: 1 | 2 | 4 }
  | { name: string; kind: 'bytes'; bytes: number };

/**
 * The field that runs to the end of the message: raw bytes, UTF-8 text, or
 * whole block ranges. `length`, where the fixed fields decide the tail's exact
 * length, returns it or a reason the fields are out of range.
 */
export type Tail =
  | {
      name: string;
      kind: 'bytes';
      length?: (fields: Readonly<Record<string, unknown>>) => number | string;
    }
  | { name: string; kind: 'utf8'; maxBytes: number }
  | { name: string; kind: 'ranges' };

export interface FrameLayout {
  readonly fixed: readonly FixedField[];
  /** Bytes of the fixed fields, after the type byte. */
  readonly fixedBytes: number;
  readonly tail: Tail | null;
}

const u8 = (name: string): FixedField => ({ name, kind: 'u8', bytes: 1 });
const u16 = (name: string): FixedField => ({ name, kind: 'u16', bytes: 2 });
const u32 = (name: string): FixedField => ({ name, kind: 'u32', bytes: 4 });

function layout(fixed: readonly FixedField[], tail: Tail | null = null): FrameLayout {
  return { fixed, fixedBytes: fixed.reduce((sum, field) => sum + field.bytes, 0), tail };
}

/** What a request, cancel or reject carries, and each entry of a `requests` frame. */
const BLOCK_RANGE = layout([u32('index'), u32('begin'), u32('length')]);

export const FRAME_LAYOUTS: Readonly<Record<FrameType, FrameLayout>> = {
  hello: layout([u16('version'), { name: 'proof', kind: 'bytes', bytes: PROOF_BYTES }]),
  'manifest-request': layout([]),
  manifest: layout([u32('totalBytes'), u32('offset')], {
    name: 'data',
    kind: 'bytes',
    length: (f) => manifestSliceLength(f['totalBytes'] as number, f['offset'] as number),
  }),
  bitfield: layout([u32('pieceCount')], {
    name: 'bits',
    kind: 'bytes',
    length: (f) => bitfieldLength(f['pieceCount'] as number),
  }),
  have: layout([u32('index')]),
  request: BLOCK_RANGE,
  cancel: BLOCK_RANGE,
  reject: BLOCK_RANGE,
  requests: layout([], { name: 'requests', kind: 'ranges' }),
  piece: layout([u32('index'), u32('begin')], { name: 'data', kind: 'bytes' }),
  choke: layout([]),
  unchoke: layout([]),
  goodbye: layout([u8('code')], { name: 'reason', kind: 'utf8', maxBytes: MAX_REASON_BYTES }),
};

/** Bytes of one block range: a request, cancel or reject, or one entry of `requests`. */
export const REQUEST_BYTES = BLOCK_RANGE.fixedBytes;

/** Bytes a piece frame has before its data today: type (1) + piece index (4) + begin (4). */
export const PIECE_FRAME_PREFIX_BYTES = 1 + FRAME_LAYOUTS.piece.fixedBytes;

/** Writes `fields` by `fixed` from byte `at`; returns where the next field starts. */
export function writeFixed(
  out: Uint8Array,
  at: number,
  fixed: readonly FixedField[],
  fields: Readonly<Record<string, unknown>>,
): number {
  for (const field of fixed) {
    const value = fields[field.name];
    switch (field.kind) {
      case 'u8':
        out[at] = value as number;
        break;
      case 'u16':
        writeU16(out, at, value as number);
        break;
      case 'u32':
        writeU32(out, at, value as number);
        break;
      case 'bytes':
        out.set(value as Uint8Array, at);
        break;
    }
    at += field.bytes;
  }
  return at;
}

/**
 * Reads the fields of `fixed` from byte `at` into `into`. The caller has checked
 * the bytes are there. Byte fields are views into `bytes`, not copies.
 */
export function readFixed(
  bytes: Uint8Array,
  at: number,
  fixed: readonly FixedField[],
  into: Record<string, unknown>,
): void {
  for (const field of fixed) {
    switch (field.kind) {
      case 'u8':
        into[field.name] = bytes[at];
        break;
      case 'u16':
        into[field.name] = readU16(bytes, at);
        break;
      case 'u32':
        into[field.name] = readU32(bytes, at);
        break;
      case 'bytes':
        into[field.name] = bytes.subarray(at, at + field.bytes);
        break;
    }
    at += field.bytes;
  }
}

export function writeRanges(out: Uint8Array, at: number, ranges: readonly BlockRange[]): void {
  for (const range of ranges) {
    at = writeFixed(out, at, BLOCK_RANGE.fixed, range as unknown as Record<string, unknown>);
  }
}

/** Whole ranges from `at` to the end; the caller has checked the length divides. */
export function readRanges(bytes: Uint8Array, at: number): BlockRange[] {
  const ranges: BlockRange[] = [];
  for (; at < bytes.length; at += REQUEST_BYTES) {
    const range: Record<string, unknown> = {};
    readFixed(bytes, at, BLOCK_RANGE.fixed, range);
    ranges.push(range as unknown as BlockRange);
  }
  return ranges;
}
