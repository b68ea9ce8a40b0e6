// Seeded randomness, so a simulation run repeats exactly.

/** A linear congruential generator in [0, 1): cheap, and plenty for picking peers. */
export function seededRandom(seed: number): () => number {
  let state = (seed * 7919 + 1) >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}
