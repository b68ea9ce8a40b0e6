// A random sample of a room's members: a join is answered with one, and a
// newcomer announced to another (issue 14), never the whole room. Pure, with an
// injectable random source.

/** A random integer in [0, bound): Math.random by default, seeded in tests. */
export type RandomBelow = (bound: number) => number;

export const randomBelow: RandomBelow = (bound) => Math.floor(Math.random() * bound);

/**
 * Up to `k` distinct entries of `list`, never `exclude`, chosen uniformly at
 * random. Robert Floyd's algorithm: k draws from the random source, where
 * shuffling would take one per entry.
 */
export function sampleFrom(
  list: readonly string[],
  k: number,
  exclude?: string,
  random: RandomBelow = randomBelow,
): string[] {
  const eligible = exclude === undefined ? list : list.filter((entry) => entry !== exclude);
  const count = Math.max(0, Math.min(Math.floor(k), eligible.length));
  const chosen = new Set<number>();
  for (let j = eligible.length - count; j < eligible.length; j++) {
    const t = random(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].map((position) => eligible[position]!);
}
