// Valid frames of every type, for round-trip and fuzz tests.
import {
  GoodbyeCode,
  MAX_BLOCK_BYTES,
  MAX_PIECE_COUNT,
  MAX_REQUESTS_PER_FRAME,
  PROOF_BYTES,
  type Frame,
  type FrameType,
} from './frames.ts';

function filled(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** At least one valid frame of every type, with edge values where they matter. */
export const SAMPLE_FRAMES: readonly Frame[] = [
  { type: 'hello', version: 1, proof: filled(PROOF_BYTES, 1) },
  { type: 'hello', version: 0xffff, proof: new Uint8Array(PROOF_BYTES) },
  { type: 'manifest-request' },
  { type: 'manifest', totalBytes: 300, offset: 0, data: filled(300, 2) },
  {
    type: 'manifest',
    totalBytes: MAX_BLOCK_BYTES + 5,
    offset: MAX_BLOCK_BYTES,
    data: filled(5, 3),
  },
  { type: 'bitfield', pieceCount: 0, bits: new Uint8Array(0) },
  { type: 'bitfield', pieceCount: 11, bits: Uint8Array.of(0b1010_0001, 0b1110_0000) },
  { type: 'bitfield', pieceCount: 16, bits: Uint8Array.of(0xff, 0xff) },
  { type: 'have', index: 0 },
  { type: 'have', index: MAX_PIECE_COUNT - 1 },
  { type: 'request', index: 7, begin: 65_520, length: MAX_BLOCK_BYTES },
  { type: 'requests', requests: [{ index: 0, begin: 0, length: 32_768 }] },
  {
    type: 'requests',
    requests: Array.from({ length: MAX_REQUESTS_PER_FRAME }, (_, i) => ({
      index: MAX_PIECE_COUNT - 1 - (i % 3),
      begin: i * 32_768,
      length: 32_768,
    })),
  },
  { type: 'cancel', index: 7, begin: 0, length: 1 },
  { type: 'reject', index: MAX_PIECE_COUNT - 1, begin: 131_040, length: 16_384 },
  { type: 'piece', index: 3, begin: 0, data: filled(1000, 4) },
  { type: 'piece', index: 4, begin: 1 << 20, data: Uint8Array.of(9) },
  { type: 'choke' },
  { type: 'unchoke' },
  { type: 'goodbye', code: GoodbyeCode.Normal, reason: '' },
  { type: 'goodbye', code: GoodbyeCode.Flooding, reason: 'trop de requêtes 🐟' },
];

/** The frame types SAMPLE_FRAMES covers, so a test can check that none is missing. */
export const SAMPLED_TYPES: ReadonlySet<FrameType> = new Set(SAMPLE_FRAMES.map((f) => f.type));
