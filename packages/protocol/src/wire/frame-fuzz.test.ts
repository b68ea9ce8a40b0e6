import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './frame-codec.ts';
import { FRAME_TYPE_CODES, MAX_MESSAGE_BYTES } from './frames.ts';
import { SAMPLE_FRAMES } from './sample-frames.ts';
import { hexPrefix, mutate, sameBytes } from './fuzz-support.ts';
import { fuzzSeed, seededRandom, type SeededRandom } from './seeded-random.ts';
import { WIRE_ERROR_CODES } from './wire-error.ts';

/** Inputs per fuzz test: enough to reach every branch many times, small enough for a second. */
const ITERATIONS = 20_000;
const SEED = fuzzSeed(process.env, 0x5e0a1);
const KNOWN_CODES: ReadonlySet<string> = new Set(WIRE_ERROR_CODES);
const TYPE_CODES = Object.values(FRAME_TYPE_CODES);
const ENCODED_SAMPLES = SAMPLE_FRAMES.map(encodeFrame);

/**
 * Decodes and checks the invariants; describes the input on failure so it can be
 * replayed. Returns whether the input decoded.
 */
function check(input: Uint8Array, iteration: number): boolean {
  const where = (): string =>
    `FUZZ_SEED=${SEED} iteration ${iteration}, ${input.length} bytes: ${hexPrefix(input)}`;
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

describe('frame decoder under fuzzing', () => {
  it('never throws on random bytes, and whatever it accepts re-encodes to the same bytes', () => {
    const random = seededRandom(SEED);
    for (let i = 0; i < ITERATIONS; i++) check(randomMessage(random), i);
  });

  it('never throws on mutated valid frames, and whatever it accepts re-encodes to the same bytes', () => {
    const random = seededRandom(SEED + 1);
    let accepted = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      if (check(mutate(random, random.pick(ENCODED_SAMPLES)), i)) accepted++;
    }
    // Some mutations stay valid (a flipped data bit); if none did, the fuzzer is not reaching far.
    expect(accepted).toBeGreaterThan(ITERATIONS / 20);
  });
});
