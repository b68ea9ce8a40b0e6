import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodedFrameSize,
  encodeFrame,
  encodePieceFrame,
  truncateReason,
} from './frame-codec.ts';
import { PIECE_FRAME_PREFIX_BYTES } from './frame-layout.ts';
import {
  FRAME_TYPE_CODES,
  GoodbyeCode,
  MAX_BLOCK_BYTES,
  MAX_MANIFEST_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_PIECE_COUNT,
  MAX_REASON_BYTES,
  MAX_REQUESTS_PER_FRAME,
  PIECE_FRAME_HEADER_BYTES,
  PROOF_BYTES,
  type Frame,
  type FrameType,
} from './frames.ts';
import { MAX_PIECE_SIZE } from './manifest.ts';
import { SAMPLE_FRAMES, SAMPLED_TYPES } from './sample-frames.ts';
import type { WireErrorCode } from './wire-error.ts';

const code = (type: FrameType): number => FRAME_TYPE_CODES[type];
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const u32 = (value: number): number[] => [
  value >>> 24,
  (value >>> 16) & 255,
  (value >>> 8) & 255,
  value & 255,
];

function errorCode(input: Uint8Array): WireErrorCode | 'ok' {
  const result = decodeFrame(input);
  return result.ok ? 'ok' : result.error.code;
}

function withExtra(input: Uint8Array, extra: number): Uint8Array {
  const out = new Uint8Array(input.length + 1);
  out.set(input);
  out[input.length] = extra;
  return out;
}

/** Bytes before a frame's variable tail; only piece and goodbye have open-ended tails. */
const FIXED_END: Record<FrameType, number> = {
  hello: 3 + PROOF_BYTES,
  'manifest-request': 1,
  manifest: 9,
  bitfield: 5,
  have: 5,
  request: 13,
  cancel: 13,
  reject: 13,
  piece: PIECE_FRAME_PREFIX_BYTES,
  choke: 1,
  unchoke: 1,
  goodbye: 2,
  requests: 1,
};

describe('frame codec', () => {
  it('has a sample of every frame type and a distinct non-zero code for each', () => {
    expect([...SAMPLED_TYPES].sort()).toEqual(Object.keys(FRAME_TYPE_CODES).sort());
    const codes = Object.values(FRAME_TYPE_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).not.toContain(0);
  });

  it.each(SAMPLE_FRAMES.map((frame) => [frame.type, frame] as const))(
    'knows the encoded size of a %s frame before encoding it',
    (_type, frame) => {
      expect(encodedFrameSize(frame)).toBe(encodeFrame(frame).length);
    },
  );

  it('sizes a goodbye by the UTF-8 bytes of its reason, not its UTF-16 length', () => {
    const frame: Frame = { type: 'goodbye', code: GoodbyeCode.Normal, reason: '🐟é' };
    expect(encodedFrameSize(frame)).toBe(2 + 6);
  });

  it.each(SAMPLE_FRAMES.map((frame) => [frame.type, frame] as const))(
    'round-trips a %s frame to the same frame and the same bytes',
    (_type, frame) => {
      const encoded = encodeFrame(frame);
      const decoded = decodeFrame(encoded);
      expect(decoded).toEqual({ ok: true, value: frame });
      if (decoded.ok) expect(encodeFrame(decoded.value)).toEqual(encoded);
    },
  );

  it('lays fields out big-endian after the type byte', () => {
    expect(
      encodeFrame({ type: 'request', index: 0x00030201, begin: 0x10, length: 0x4000 }),
    ).toEqual(bytes(code('request'), 0, 3, 2, 1, 0, 0, 0, 0x10, 0, 0, 0x40, 0));
    expect(
      encodeFrame({ type: 'hello', version: 0x0102, proof: new Uint8Array(PROOF_BYTES) }),
    ).toEqual(bytes(code('hello'), 1, 2, ...new Array<number>(PROOF_BYTES).fill(0)));
    expect(encodeFrame({ type: 'goodbye', code: GoodbyeCode.BadPiece, reason: 'é' })).toEqual(
      bytes(code('goodbye'), 4, 0xc3, 0xa9),
    );
  });

  it('encodes a piece frame as header plus one copy of the data, and both encoders agree', () => {
    const data = Uint8Array.of(1, 2, 3);
    const frame = { type: 'piece', index: 2, begin: 16, data } as const;
    const encoded = encodePieceFrame(frame);
    expect(encoded).toEqual(bytes(code('piece'), 0, 0, 0, 2, 0, 0, 0, 16, 1, 2, 3));
    expect(encodeFrame(frame)).toEqual(encoded);
    data[0] = 99;
    expect(encoded[PIECE_FRAME_PREFIX_BYTES]).toBe(1);
  });

  it('encodes a piece frame into a scratch buffer that fits, and allocates when it does not', () => {
    const scratch = new Uint8Array(PIECE_FRAME_PREFIX_BYTES + 4).fill(0xee);
    const frame = { type: 'piece', index: 2, begin: 16, data: Uint8Array.of(1, 2, 3) } as const;
    const encoded = encodePieceFrame(frame, scratch);
    expect(encoded.buffer).toBe(scratch.buffer);
    expect(encoded).toEqual(encodePieceFrame(frame));
    expect(scratch[PIECE_FRAME_PREFIX_BYTES + 3]).toBe(0xee);

    const tooSmall = new Uint8Array(PIECE_FRAME_PREFIX_BYTES + 2);
    const fresh = encodePieceFrame(frame, tooSmall);
    expect(fresh.buffer).not.toBe(tooSmall.buffer);
    expect(fresh).toEqual(encodePieceFrame(frame));
  });

  it('keeps a maximum-size piece frame within one data-channel message', () => {
    const encoded = encodeFrame({
      type: 'piece',
      index: MAX_PIECE_COUNT - 1,
      begin: MAX_PIECE_SIZE - MAX_BLOCK_BYTES,
      data: new Uint8Array(MAX_BLOCK_BYTES),
    });
    expect(encoded.length).toBe(PIECE_FRAME_PREFIX_BYTES + MAX_BLOCK_BYTES);
    expect(encoded.length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(PIECE_FRAME_PREFIX_BYTES).toBeLessThanOrEqual(PIECE_FRAME_HEADER_BYTES);
    expect(decodeFrame(encoded).ok).toBe(true);
  });

  it('keeps a bitfield for MAX_PIECE_COUNT pieces within one data-channel message', () => {
    const bits = new Uint8Array(MAX_PIECE_COUNT / 8).fill(0xff);
    const encoded = encodeFrame({ type: 'bitfield', pieceCount: MAX_PIECE_COUNT, bits });
    expect(encoded.length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(decodeFrame(encoded).ok).toBe(true);
  });

  it('returns piece data as a view into the message, not a copy', () => {
    const message = encodeFrame({ type: 'piece', index: 1, begin: 0, data: Uint8Array.of(5, 6) });
    const decoded = decodeFrame(message);
    if (!decoded.ok || decoded.value.type !== 'piece') throw new Error('expected a piece');
    expect(decoded.value.data.buffer).toBe(message.buffer);
    expect(decoded.value.data.byteOffset).toBe(message.byteOffset + PIECE_FRAME_PREFIX_BYTES);
  });

  it('decodes a message that sits at an offset inside a larger buffer', () => {
    const inner = encodeFrame({ type: 'cancel', index: 9, begin: 32, length: 64 });
    const outer = new Uint8Array(inner.length + 10).fill(0xee);
    outer.set(inner, 7);
    expect(decodeFrame(outer.subarray(7, 7 + inner.length))).toEqual({
      ok: true,
      value: { type: 'cancel', index: 9, begin: 32, length: 64 },
    });
  });
});

describe('frame decoder errors', () => {
  it('calls an empty message an empty-frame', () => {
    expect(decodeFrame(new Uint8Array(0))).toMatchObject({
      ok: false,
      error: { code: 'empty-frame' },
    });
  });

  it('calls a first byte of 0 or past the last type an unknown-type', () => {
    expect(errorCode(bytes(0))).toBe('unknown-type');
    expect(errorCode(bytes(0x0e))).toBe('unknown-type');
    expect(errorCode(bytes(0xff, 1, 2, 3))).toBe('unknown-type');
  });

  it('calls a message longer than MAX_MESSAGE_BYTES too-large, before reading it', () => {
    const message = new Uint8Array(MAX_MESSAGE_BYTES + 1);
    message[0] = code('piece');
    expect(errorCode(message)).toBe('too-large');
  });

  it.each(SAMPLE_FRAMES.map((frame) => [frame.type, frame] as const))(
    'calls a %s frame cut short at any byte inside its fixed fields truncated',
    (type, frame) => {
      const encoded = encodeFrame(frame);
      for (let length = 1; length < FIXED_END[type]; length++) {
        expect(errorCode(encoded.subarray(0, length)), `length ${length}`).toBe('truncated');
      }
    },
  );

  it('calls a manifest or bitfield frame cut short anywhere in its data truncated', () => {
    for (const frame of SAMPLE_FRAMES) {
      if (frame.type !== 'manifest' && frame.type !== 'bitfield') continue;
      const encoded = encodeFrame(frame);
      for (let length = FIXED_END[frame.type]; length < encoded.length; length++) {
        expect(errorCode(encoded.subarray(0, length)), `${frame.type} ${length}`).toBe('truncated');
      }
    }
  });

  it('reads a cut piece frame as a shorter block (messages, not streams, delimit frames) but never an empty one', () => {
    const encoded = encodeFrame({
      type: 'piece',
      index: 0,
      begin: 0,
      data: Uint8Array.of(1, 2, 3),
    });
    expect(errorCode(encoded.subarray(0, PIECE_FRAME_PREFIX_BYTES))).toBe('out-of-range');
    expect(decodeFrame(encoded.subarray(0, PIECE_FRAME_PREFIX_BYTES + 1))).toMatchObject({
      ok: true,
      value: { data: Uint8Array.of(1) },
    });
  });

  it('calls a requests frame with no request truncated', () => {
    expect(errorCode(bytes(code('requests')))).toBe('truncated');
  });

  it('decodes every request of a requests frame, in order', () => {
    const requests = [
      { index: 5, begin: 0, length: 32_768 },
      { index: 2, begin: 65_536, length: 100 },
    ];
    expect(decodeFrame(encodeFrame({ type: 'requests', requests }))).toEqual({
      ok: true,
      value: { type: 'requests', requests },
    });
  });

  it('calls a goodbye reason cut inside a multi-byte character bad-utf8', () => {
    const encoded = encodeFrame({ type: 'goodbye', code: GoodbyeCode.Normal, reason: '🐟' });
    for (let length = 3; length < encoded.length; length++) {
      expect(errorCode(encoded.subarray(0, length))).toBe('bad-utf8');
    }
  });

  it.each(SAMPLE_FRAMES.filter((f) => f.type !== 'piece' && f.type !== 'goodbye'))(
    'calls a byte after the last field of a $type frame trailing-bytes',
    (frame) => {
      expect(errorCode(withExtra(encodeFrame(frame), 0))).toBe('trailing-bytes');
    },
  );

  it.each([
    ['a have index at MAX_PIECE_COUNT', [code('have'), ...u32(MAX_PIECE_COUNT)]],
    ['a have index of 2^32-1', [code('have'), 255, 255, 255, 255]],
    ['a request of length 0', [code('request'), ...u32(0), ...u32(0), ...u32(0)]],
    [
      'a request longer than MAX_BLOCK_BYTES',
      [code('request'), ...u32(0), ...u32(0), ...u32(MAX_BLOCK_BYTES + 1)],
    ],
    [
      'a cancel ending past MAX_PIECE_SIZE',
      [code('cancel'), ...u32(0), ...u32(MAX_PIECE_SIZE - 1), ...u32(2)],
    ],
    [
      'a reject for an index at MAX_PIECE_COUNT',
      [code('reject'), ...u32(MAX_PIECE_COUNT), ...u32(0), ...u32(1)],
    ],
    ['a piece with no data', [code('piece'), ...u32(0), ...u32(0)]],
    ['a piece ending past MAX_PIECE_SIZE', [code('piece'), ...u32(0), ...u32(MAX_PIECE_SIZE), 1]],
    ['a manifest slice of total 0', [code('manifest'), ...u32(0), ...u32(0)]],
    [
      'a manifest total over MAX_MANIFEST_BYTES',
      [code('manifest'), ...u32(MAX_MANIFEST_BYTES + 1), ...u32(0), 1],
    ],
    ['a manifest offset at the total', [code('manifest'), ...u32(1), ...u32(1)]],
    ['a manifest offset off a slice boundary', [code('manifest'), ...u32(10), ...u32(1), 1]],
    ['a bitfield over MAX_PIECE_COUNT', [code('bitfield'), ...u32(MAX_PIECE_COUNT + 1)]],
    ['a bitfield with a spare bit set', [code('bitfield'), ...u32(9), 0xff, 0b0100_0000]],
    [
      'a goodbye reason over MAX_REASON_BYTES',
      [code('goodbye'), 0, ...new Array<number>(MAX_REASON_BYTES + 1).fill(0x61)],
    ],
    [
      'requests past MAX_REQUESTS_PER_FRAME',
      [
        code('requests'),
        ...Array.from({ length: MAX_REQUESTS_PER_FRAME + 1 }, () => [
          ...u32(0),
          ...u32(0),
          ...u32(1),
        ]).flat(),
      ],
    ],
    [
      'requests with one bad request among good ones',
      [code('requests'), ...u32(0), ...u32(0), ...u32(1), ...u32(1), ...u32(0), ...u32(0)],
    ],
  ])('calls %s out-of-range', (_name, input) => {
    expect(errorCode(Uint8Array.from(input))).toBe('out-of-range');
  });

  it('accepts a piece of MAX_BLOCK_BYTES but calls one byte more out-of-range', () => {
    const message = new Uint8Array(PIECE_FRAME_PREFIX_BYTES + MAX_BLOCK_BYTES + 1);
    message[0] = code('piece');
    expect(errorCode(message.subarray(0, message.length - 1))).toBe('ok');
    expect(errorCode(message)).toBe('out-of-range');
  });

  it.each([
    ['an invalid byte', [0xff]],
    ['an overlong encoding', [0xc0, 0x80]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a lone continuation byte', [0x61, 0x80]],
  ])('calls a goodbye reason with %s bad-utf8', (_name, reason) => {
    expect(errorCode(bytes(code('goodbye'), 0, ...reason))).toBe('bad-utf8');
  });

  it('keeps a leading byte order mark in a goodbye reason, so it re-encodes the same', () => {
    const message = bytes(code('goodbye'), 0, 0xef, 0xbb, 0xbf, 0x61);
    const decoded = decodeFrame(message);
    expect(decoded).toEqual({ ok: true, value: { type: 'goodbye', code: 0, reason: '\uFEFFa' } });
    if (decoded.ok) expect(encodeFrame(decoded.value)).toEqual(message);
  });

  it('calls a goodbye code outside GoodbyeCode unknown-goodbye-code', () => {
    expect(errorCode(bytes(code('goodbye'), 7))).toBe('unknown-goodbye-code');
    expect(errorCode(bytes(code('goodbye'), 255, 0x61))).toBe('unknown-goodbye-code');
  });
});

describe('frame encoder', () => {
  it.each<[string, Frame]>([
    ['a proof of the wrong length', { type: 'hello', version: 1, proof: new Uint8Array(31) }],
    ['a version over u16', { type: 'hello', version: 0x10000, proof: new Uint8Array(PROOF_BYTES) }],
    ['a fractional index', { type: 'have', index: 1.5 }],
    ['a NaN begin', { type: 'request', index: 0, begin: Number.NaN, length: 1 }],
    ['an empty piece', { type: 'piece', index: 0, begin: 0, data: new Uint8Array(0) }],
    [
      'a block over MAX_BLOCK_BYTES',
      { type: 'piece', index: 0, begin: 0, data: new Uint8Array(MAX_BLOCK_BYTES + 1) },
    ],
    ['bits of the wrong length', { type: 'bitfield', pieceCount: 9, bits: new Uint8Array(1) }],
    ['a spare bit set', { type: 'bitfield', pieceCount: 1, bits: Uint8Array.of(0b1100_0000) }],
    [
      'a manifest slice of the wrong length',
      { type: 'manifest', totalBytes: 10, offset: 0, data: new Uint8Array(9) },
    ],
    ['an unknown goodbye code', { type: 'goodbye', code: 42 as GoodbyeCode, reason: '' }],
    [
      'a reason over MAX_REASON_BYTES',
      { type: 'goodbye', code: 0, reason: 'x'.repeat(MAX_REASON_BYTES + 1) },
    ],
    ['a reason with a lone surrogate', { type: 'goodbye', code: 0, reason: 'a\uD800' }],
  ])('refuses %s with a RangeError (a bug in our own code)', (_name, frame) => {
    expect(() => encodeFrame(frame)).toThrow(RangeError);
  });

  it('truncates a goodbye reason to MAX_REASON_BYTES without splitting a character', () => {
    const reason = truncateReason('a' + '🐟'.repeat(MAX_REASON_BYTES));
    expect(new TextEncoder().encode(reason).length).toBe(253);
    expect(reason.endsWith('🐟')).toBe(true);
    expect(truncateReason('short')).toBe('short');
    expect(truncateReason('x\uD800')).toBe('x\uFFFD');
    expect(() => encodeFrame({ type: 'goodbye', code: 0, reason })).not.toThrow();
  });
});
