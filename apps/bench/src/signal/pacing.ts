// Sending at a controlled aggregate rate, and a seeded random source so that a run
// with the same seed picks the same senders and receivers. Pure.

/**
 * How many signals to send now so that the total sent tracks `ratePerSecond` since
 * the start, never past `total`, and at most `maxBurst` at once. When the sender
 * falls behind (a busy event loop), the burst cap keeps it from flooding the
 * server to catch up: the shortfall shows as a lower achieved rate instead.
 */
export function dueCount(
  elapsedMs: number,
  ratePerSecond: number,
  sentSoFar: number,
  total: number,
  maxBurst: number,
): number {
  const target = Math.min(total, Math.floor((Math.max(0, elapsedMs) * ratePerSecond) / 1000));
  return Math.max(0, Math.min(maxBurst, target - sentSoFar));
}

/** A uniform random number in [0, 1), like Math.random. */
export type Random = () => number;

/** mulberry32: a tiny, fast, seedable PRNG (good enough to pick peers, not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export const randomIndex = (random: Random, n: number): number => Math.floor(random() * n);

/** A uniformly chosen member of `members` other than `self` (which must be a member). */
export function randomOther<T>(random: Random, members: readonly T[], self: T): T {
  if (members.length < 2) throw new RangeError('no other member to choose');
  const selfIndex = members.indexOf(self);
  let pick = randomIndex(random, members.length - 1);
  if (pick >= selfIndex) pick++;
  return members[pick] as T;
}
