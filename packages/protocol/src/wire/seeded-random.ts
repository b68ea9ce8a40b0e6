// A small seeded PRNG (mulberry32) for fuzz tests: the same seed gives the same inputs,
// so a failure found once can be replayed. Not for anything secret.

export interface SeededRandom {
  /** The seed this generator started from; print it when a test fails. */
  readonly seed: number;
  /** A uniform u32. */
  u32(): number;
  /** A uniform integer in [0, n). */
  below(n: number): number;
  /** `length` uniform bytes. */
  bytes(length: number): Uint8Array;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const u32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const below = (n: number): number => Math.floor((u32() / 0x1_0000_0000) * n);
  return {
    seed: seed >>> 0,
    u32,
    below,
    bytes(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = u32() & 0xff;
      return out;
    },
    pick(items) {
      const item = items[below(items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
  };
}

/** The fuzz seed: FUZZ_SEED from the environment when set (to replay), else `fallback`. */
export function fuzzSeed(env: Record<string, string | undefined>, fallback: number): number {
  const fromEnv = Number(env['FUZZ_SEED']);
  return env['FUZZ_SEED'] !== undefined && Number.isInteger(fromEnv) ? fromEnv : fallback;
}
