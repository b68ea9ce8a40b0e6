// The binary codec for peer frames. Layout: 1 byte type code (FRAME_TYPE_CODES), then
// the fields below, big-endian. A data channel preserves message boundaries, so a
// frame is exactly one message and its last variable-length field runs to the end.
//
//   hello             version u16, proof [PROOF_BYTES]   (layout frozen across versions,
//                                                         so a peer can always say which
//                                                         version it speaks)
//   manifest-request  -
//   manifest          totalBytes u32, offset u32, data (rest; length fixed by total/offset)
//   bitfield          pieceCount u32, bits (rest; exactly ceil(pieceCount / 8) bytes)
//   have              index u32
//   request/cancel/reject  index u32, begin u32, length u32
//   requests          (index u32, begin u32, length u32) × 1..MAX_REQUESTS_PER_FRAME (rest)
//   piece             index u32, begin u32, data (rest)
//   choke, unchoke    -
//   goodbye           code u8, reason (rest; UTF-8, at most MAX_REASON_BYTES)
//
// Byte fields of decoded frames (proof, manifest data, bits, piece data) are views into
// the input, not copies: decoding a 64 KiB piece costs no copy. That is safe because a
// data channel hands over each message as its own fresh ArrayBuffer that nobody else
// writes. A caller that decodes from a buffer it later reuses must copy what it keeps.
import { readU16, readU32, utf8Decode, utf8Encode, writeU16, writeU32 } from './bytes.ts';
import {
  FRAME_TYPE_CODES,
  MAX_MESSAGE_BYTES,
  MAX_REASON_BYTES,
  PIECE_FRAME_PREFIX_BYTES,
  PROOF_BYTES,
  REQUEST_BYTES,
  type BlockRange,
  type Frame,
  type FrameType,
  type PieceFrame,
} from './frames.ts';
import {
  bitfieldLength,
  frameProblem,
  isGoodbyeCode,
  manifestSliceLength,
  spareBitsSet,
} from './frame-rules.ts';
import { err, ok, type Result } from '../result.ts';
import { wireError, type WireError } from './wire-error.ts';

/** Frame type by its code; undefined for codes no frame uses. */
const TYPE_BY_CODE: ReadonlyMap<number, FrameType> = new Map(
  Object.entries(FRAME_TYPE_CODES).map(([type, code]) => [code, type as FrameType]),
);

/** Bytes of fixed-size fields after the type byte; the rest (if any) is the tail. */
const FIXED_FIELD_BYTES: Readonly<Record<FrameType, number>> = {
  hello: 2 + PROOF_BYTES,
  'manifest-request': 0,
  manifest: 8,
  bitfield: 4,
  have: 4,
  request: 12,
  cancel: 12,
  reject: 12,
  piece: PIECE_FRAME_PREFIX_BYTES - 1,
  choke: 0,
  unchoke: 0,
  goodbye: 1,
  requests: 0,
};

/** Frames whose last field runs to the end of the message. */
const HAS_TAIL: ReadonlySet<FrameType> = new Set([
  'manifest',
  'bitfield',
  'piece',
  'goodbye',
  'requests',
]);

/**
 * Encodes one frame. Throws RangeError when the frame breaks the protocol's rules
 * (a bug in our own code, never a peer's doing): whatever encodes, decodes back.
 */
export function encodeFrame(frame: Frame): Uint8Array {
  if (frame.type === 'piece') return encodePieceFrame(frame);
  const problem = frameProblem(frame);
  if (problem !== undefined) throw new RangeError(`encodeFrame(${frame.type}): ${problem.message}`);
  const code = FRAME_TYPE_CODES[frame.type];
  switch (frame.type) {
    case 'hello': {
      const out = new Uint8Array(3 + PROOF_BYTES);
      out[0] = code;
      writeU16(out, 1, frame.version);
      out.set(frame.proof, 3);
      return out;
    }
    case 'manifest': {
      const out = new Uint8Array(9 + frame.data.length);
      out[0] = code;
      writeU32(out, 1, frame.totalBytes);
      writeU32(out, 5, frame.offset);
      out.set(frame.data, 9);
      return out;
    }
    case 'bitfield': {
      const out = new Uint8Array(5 + frame.bits.length);
      out[0] = code;
      writeU32(out, 1, frame.pieceCount);
      out.set(frame.bits, 5);
      return out;
    }
    case 'have': {
      const out = new Uint8Array(5);
      out[0] = code;
      writeU32(out, 1, frame.index);
      return out;
    }
    case 'request':
    case 'cancel':
    case 'reject': {
      const out = new Uint8Array(1 + REQUEST_BYTES);
      out[0] = code;
      writeRange(out, 1, frame);
      return out;
    }
    case 'requests': {
      const out = new Uint8Array(1 + frame.requests.length * REQUEST_BYTES);
      out[0] = code;
      frame.requests.forEach((range, i) => writeRange(out, 1 + i * REQUEST_BYTES, range));
      return out;
    }
    case 'goodbye': {
      const reason = utf8Encode(frame.reason);
      if (reason.length > MAX_REASON_BYTES || utf8Decode(reason) !== frame.reason) {
        throw new RangeError(
          `encodeFrame(goodbye): reason must be well-formed and at most ${MAX_REASON_BYTES} UTF-8 bytes (see truncateReason)`,
        );
      }
      const out = new Uint8Array(2 + reason.length);
      out[0] = code;
      out[1] = frame.code;
      out.set(reason, 2);
      return out;
    }
    case 'manifest-request':
    case 'choke':
    case 'unchoke':
      return Uint8Array.of(code);
  }
}

/**
 * Encodes a piece frame with one copy of the data: the hot path. Validates like
 * encodeFrame (a handful of comparisons). Given `scratch`, it writes there and
 * returns a view of it, allocating nothing: for a sender whose transport copies
 * each message on send, so one buffer serves every block (a fresh one per block
 * costs a sender ~1.5 ms of CPU per MiB, measured in Chromium here).
 */
export function encodePieceFrame(frame: PieceFrame, scratch?: Uint8Array): Uint8Array {
  const problem = frameProblem(frame);
  if (problem !== undefined) throw new RangeError(`encodeFrame(piece): ${problem.message}`);
  const size = PIECE_FRAME_PREFIX_BYTES + frame.data.length;
  const out =
    scratch !== undefined && scratch.length >= size
      ? scratch.subarray(0, size)
      : new Uint8Array(size);
  out[0] = FRAME_TYPE_CODES.piece;
  writeU32(out, 1, frame.index);
  writeU32(out, 5, frame.begin);
  out.set(frame.data, PIECE_FRAME_PREFIX_BYTES);
  return out;
}

/**
 * Cuts a goodbye reason to at most MAX_REASON_BYTES of UTF-8 on a code point boundary,
 * and replaces lone surrogates, so that any string (say an Error message) can be sent.
 */
export function truncateReason(reason: string): string {
  const bytes = utf8Encode(reason);
  let end = Math.min(bytes.length, MAX_REASON_BYTES);
  // Back up over continuation bytes (10xxxxxx) so no code point is cut in half.
  while (end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return utf8Decode(bytes.subarray(0, end)) ?? '';
}

/** Decodes one frame from one message. Never throws; see the file comment on views. */
export function decodeFrame(bytes: Uint8Array): Result<Frame, WireError> {
  if (bytes.length === 0) return err(wireError('empty-frame', 'empty message'));
  if (bytes.length > MAX_MESSAGE_BYTES) {
    return err(
      wireError('too-large', `message of ${bytes.length} bytes exceeds ${MAX_MESSAGE_BYTES}`),
    );
  }
  const type = TYPE_BY_CODE.get(bytes[0] ?? 0);
  if (type === undefined) {
    return err(wireError('unknown-type', `unknown frame type 0x${(bytes[0] ?? 0).toString(16)}`));
  }
  const end = 1 + FIXED_FIELD_BYTES[type];
  if (bytes.length < end) {
    return err(
      wireError('truncated', `${type} frame needs ${end} bytes, got ${bytes.length}`, type),
    );
  }
  if (bytes.length > end && !HAS_TAIL.has(type)) {
    return err(trailing(type, end, bytes.length));
  }
  const decoded = decodeFields(type, bytes);
  if (!('type' in decoded)) return err(decoded);
  const problem = frameProblem(decoded);
  return problem === undefined ? ok(decoded) : err(problem);
}

function trailing(type: FrameType, expected: number, actual: number): WireError {
  return wireError('trailing-bytes', `${type} frame is ${expected} bytes, got ${actual}`, type);
}

/** Reads a frame's fields; the fixed part is known to be present. Range checks follow. */
function decodeFields(type: FrameType, bytes: Uint8Array): Frame | WireError {
  switch (type) {
    case 'hello':
      return { type, version: readU16(bytes, 1), proof: bytes.subarray(3) };
    case 'manifest': {
      const totalBytes = readU32(bytes, 1);
      const offset = readU32(bytes, 5);
      const length = manifestSliceLength(totalBytes, offset);
      if (typeof length === 'string') return wireError('out-of-range', length, type);
      const tail = exactTail(type, bytes, 9, length);
      return tail ?? { type, totalBytes, offset, data: bytes.subarray(9) };
    }
    case 'bitfield': {
      const pieceCount = readU32(bytes, 1);
      const length = bitfieldLength(pieceCount);
      if (typeof length === 'string') return wireError('out-of-range', length, type);
      const tail = exactTail(type, bytes, 5, length);
      if (tail !== undefined) return tail;
      const bits = bytes.subarray(5);
      if (spareBitsSet(pieceCount, bits)) {
        return wireError('out-of-range', 'bitfield has bits set past its piece count', type);
      }
      return { type, pieceCount, bits };
    }
    case 'have':
      return { type, index: readU32(bytes, 1) };
    case 'request':
    case 'cancel':
    case 'reject':
      return { type, ...readRange(bytes, 1) };
    case 'piece':
      return {
        type,
        index: readU32(bytes, 1),
        begin: readU32(bytes, 5),
        data: bytes.subarray(PIECE_FRAME_PREFIX_BYTES),
      };
    case 'goodbye':
      return decodeGoodbye(bytes);
    case 'requests':
      return decodeRequests(bytes);
    case 'manifest-request':
    case 'choke':
    case 'unchoke':
      return { type };
  }
}

/** Checks that the tail after `start` is exactly `length` bytes. */
function exactTail(
  type: FrameType,
  bytes: Uint8Array,
  start: number,
  length: number,
): WireError | undefined {
  if (bytes.length < start + length) {
    return wireError(
      'truncated',
      `${type} frame needs ${start + length} bytes, got ${bytes.length}`,
      type,
    );
  }
  if (bytes.length > start + length) return trailing(type, start + length, bytes.length);
  return undefined;
}

/** index u32, begin u32, length u32 at `at`: a request, cancel or reject, or one of a batch. */
function writeRange(out: Uint8Array, at: number, { index, begin, length }: BlockRange): void {
  writeU32(out, at, index);
  writeU32(out, at + 4, begin);
  writeU32(out, at + 8, length);
}

function readRange(bytes: Uint8Array, at: number): BlockRange {
  return {
    index: readU32(bytes, at),
    begin: readU32(bytes, at + 4),
    length: readU32(bytes, at + 8),
  };
}

/** A whole number of requests, at least one (at most MAX_REQUESTS_PER_FRAME: frameProblem). */
function decodeRequests(bytes: Uint8Array): Frame | WireError {
  const tail = bytes.length - 1;
  if (tail === 0) return wireError('truncated', 'requests frame carries no request', 'requests');
  if (tail % REQUEST_BYTES !== 0) {
    const whole = tail - (tail % REQUEST_BYTES);
    return trailing('requests', 1 + whole, bytes.length);
  }
  // How many is checked with every other rule (frameProblem), as for our own frames.
  const requests = [];
  for (let at = 1; at < bytes.length; at += REQUEST_BYTES) requests.push(readRange(bytes, at));
  return { type: 'requests', requests };
}

/**
 * Unknown goodbye codes are refused, not mapped to a catch-all: decoding stays
 * canonical, and a peer only meets codes it does not know after a version bump, which
 * it learns about in hello (and answers with VersionMismatch, a code every version knows).
 */
function decodeGoodbye(bytes: Uint8Array): Frame | WireError {
  const code = bytes[1] ?? 0;
  if (!isGoodbyeCode(code)) {
    return wireError('unknown-goodbye-code', `goodbye code ${code} is unknown`, 'goodbye');
  }
  const reasonBytes = bytes.subarray(2);
  if (reasonBytes.length > MAX_REASON_BYTES) {
    return wireError('out-of-range', `goodbye reason exceeds ${MAX_REASON_BYTES} bytes`, 'goodbye');
  }
  const reason = utf8Decode(reasonBytes);
  if (reason === undefined) return wireError('bad-utf8', 'goodbye reason is not UTF-8', 'goodbye');
  return { type: 'goodbye', code, reason };
}
