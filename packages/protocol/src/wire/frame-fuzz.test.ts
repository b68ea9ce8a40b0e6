import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './frame-codec.ts';
import { FRAME_TYPE_CODES, MAX_MESSAGE_BYTES } from './frames.ts';
import { SAMPLE_FRAMES } from './sample-frames.ts';
import { fuzzSeed, seededRandom, type SeededRandom } from './seeded-random.ts';
import { WIRE_ERROR_CODES } from './wire-error.ts';

/** Inputs per fuzz test: enough to reach every branch many times, small enough for a second. */
const ITERATIONS = 20_000;
const SEED = fuzzSeed(process.env, 0x5e0a1);
const KNOWN_CODES: ReadonlySet<string> = new Set(WIRE_ERROR_CODES);
const TYPE_CODES = Object.values(FRAME_TYPE_CODES);
const ENCODED_SAMPLES = SAMPLE_FRAMES.map(encodeFrame);
/** u32 values at the edges of the limits, dropped into header fields. */
const EDGE_U32 = [0, 1, 0xff, 0xffff, 0x1_0000, 0x3_ffff, 0x4_0000, 0x100_0000, 0xffff_ffff];

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes.subarray(0, 64), (b) => b.toString(16).padStart(2, '0')).join('');

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Decodes and checks the invariants; describes the input on failure so it can be
 * replayed. Returns whether the input decoded.
 */
function check(input: Uint8Array, iteration: number): boolean {
  const where = (): string =>
    `seed ${SEED} (FUZZ_SEED=${SEED}), iteration ${iteration}, ${input.length} bytes: ${hex(input)}`;
  let result: ReturnType<typeof decodeFrame>;
  try {
    result = decodeFrame(input);
  } catch (thrown) {
    throw new Error(`decodeFrame threw at ${where()}: ${String(thrown)}`, {
      cause: thrown,
    });
  }
  if (result.ok) {
    let again: Uint8Array;
    try {
      again = encodeFrame(result.value);
    } catch (thrown) {
      throw new Error(`encodeFrame refused a decoded frame at ${where()}: ${String(thrown)}`, {
        cause: thrown,
      });
    }
    if (!sameBytes(again, input)) expect(again, `re-encode at ${where()}`).toEqual(input);
  } else if (!KNOWN_CODES.has(result.error.code)) {
    throw new Error(`unknown error code ${result.error.code} at ${where()}`);
  }
  return result.ok;
}

/** Random bytes, mostly short, usually starting with a real type code so they get past byte 0. */
function randomMessage(random: SeededRandom): Uint8Array {
  const length = random.below(100) === 0 ? random.below(MAX_MESSAGE_BYTES + 16) : random.below(48);
  const message = random.bytes(length);
  if (length > 0 && random.below(5) !== 0) message[0] = random.pick(TYPE_CODES);
  return message;
}

/** A valid frame with one mutation: bit flip, cut, extension, insertion, deletion or edge value. */
function mutatedFrame(random: SeededRandom): Uint8Array {
  const original = random.pick(ENCODED_SAMPLES);
  const at = random.below(original.length + 1);
  switch (random.below(6)) {
    case 0: {
      const out = original.slice();
      const index = random.below(out.length);
      out[index] = (out[index] ?? 0) ^ (1 << random.below(8));
      return out;
    }
    case 1:
      return original.slice(0, at);
    case 2: {
      const out = new Uint8Array(original.length + 1 + random.below(8));
      out.set(original);
      out.set(random.bytes(out.length - original.length), original.length);
      return out;
    }
    case 3: {
      const out = new Uint8Array(original.length + 1);
      out.set(original.subarray(0, at));
      out[at] = random.u32() & 0xff;
      out.set(original.subarray(at), at + 1);
      return out;
    }
    case 4: {
      const cut = Math.min(at, original.length - 1);
      const out = new Uint8Array(original.length - 1);
      out.set(original.subarray(0, cut));
      out.set(original.subarray(cut + 1), cut);
      return out;
    }
    default: {
      const out = original.slice();
      const value = random.pick(EDGE_U32) + random.below(3) - 1;
      const field = 1 + 4 * random.below(3);
      for (let i = 0; i < 4 && field + i < out.length; i++)
        out[field + i] = (value >>> (24 - 8 * i)) & 0xff;
      return out;
    }
  }
}

describe('frame decoder under fuzzing', () => {
  it('never throws on random bytes, and whatever it accepts re-encodes to the same bytes', () => {
    const random = seededRandom(SEED);
    for (let i = 0; i < ITERATIONS; i++) check(randomMessage(random), i);
  });

  it('never throws on mutated valid frames, and whatever it accepts re-encodes to the same bytes', () => {
    const random = seededRandom(SEED + 1);
    let accepted = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      if (check(mutatedFrame(random), i)) accepted++;
    }
    // Some mutations stay valid (a flipped data bit); if none did, the fuzzer is not reaching far.
    expect(accepted).toBeGreaterThan(ITERATIONS / 20);
  });
});
