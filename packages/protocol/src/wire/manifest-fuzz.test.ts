import { describe, expect, it } from 'vitest';
import { MANIFEST_MAGIC, MANIFEST_VERSION } from './manifest.ts';
import { decodeManifest, encodeManifest } from './manifest-codec.ts';
import { MANIFEST_ERROR_CODES } from './manifest-error.ts';
import { hexPrefix, mutate, sameBytes } from './fuzz-support.ts';
import { sampleManifest, SMALL_PIECE } from './sample-manifests.ts';
import { fuzzSeed, seededRandom } from './seeded-random.ts';

/** Fewer than for frames: manifests are longer and decoded once per share, not per message. */
const ITERATIONS = 4_000;
const SEED = fuzzSeed(process.env, 0x3a1f);
const KNOWN_CODES: ReadonlySet<string> = new Set(MANIFEST_ERROR_CODES);
const ENCODED_SAMPLES = [
  sampleManifest([{ path: 'only', size: 0 }]),
  sampleManifest([
    { path: 'a/b.txt', size: 3, mimeType: 'text/plain' },
    { path: 'a/c', size: SMALL_PIECE },
    { path: 'é/🐟', size: 0, mimeType: 'application/octet-stream' },
  ]),
  sampleManifest(
    Array.from({ length: 12 }, (_, i) => ({ path: `d${i % 3}/${i}`, size: i * 1000 })),
  ),
].map(encodeManifest);

function check(input: Uint8Array, iteration: number): boolean {
  const where = (): string =>
    `FUZZ_SEED=${SEED} iteration ${iteration}, ${input.length} bytes: ${hexPrefix(input)}`;
  let result: ReturnType<typeof decodeManifest>;
  let again: Uint8Array | undefined;
  try {
    result = decodeManifest(input);
    if (result.ok) again = encodeManifest(result.value);
  } catch (thrown) {
    throw new Error(`manifest codec threw at ${where()}: ${String(thrown)}`, { cause: thrown });
  }
  if (again !== undefined && !sameBytes(again, input)) {
    expect(again, `re-encode at ${where()}`).toEqual(input);
  }
  if (!result.ok && !KNOWN_CODES.has(result.error.code)) {
    throw new Error(`unknown error code ${result.error.code} at ${where()}`);
  }
  return result.ok;
}

describe('manifest decoder under fuzzing', () => {
  it('never throws on random bytes after a valid magic, and whatever it accepts re-encodes the same', () => {
    const random = seededRandom(SEED);
    for (let i = 0; i < ITERATIONS; i++) {
      const input = random.bytes(8 + random.below(120));
      input.set(MANIFEST_MAGIC);
      input[MANIFEST_MAGIC.length] = MANIFEST_VERSION;
      check(input, i);
    }
  });

  it('never throws on mutated valid manifests, and whatever it accepts re-encodes the same', () => {
    const random = seededRandom(SEED + 1);
    let accepted = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      let input = random.pick(ENCODED_SAMPLES);
      // Sometimes stack mutations, to get past the first check that would catch one.
      const rounds = 1 + random.below(3);
      for (let r = 0; r < rounds; r++) input = mutate(random, input);
      if (check(input, i)) accepted++;
    }
    // Flipped salt, hash and path bits stay valid; if none did, the fuzzer is not reaching far.
    expect(accepted).toBeGreaterThan(ITERATIONS / 20);
  });
});
