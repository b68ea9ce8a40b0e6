// The members of one room, kept so that a random sample of k of them costs
// O(k) whatever the room's size (issue 14: a join is answered with a sample,
// and a newcomer announced to a sample, never the whole room). Pure
// bookkeeping with an injectable random source. `sampleFrom` answers `peers`
// today; RoomSample (O(1) join and leave) is not yet wired into signaling.

/** A random integer in [0, bound): Math.random by default, seeded in tests. */
export type RandomBelow = (bound: number) => number;

export const randomBelow: RandomBelow = (bound) => Math.floor(Math.random() * bound);

/** Up to `k` distinct entries of `list`, never `exclude`, uniformly at random: O(k) draws. */
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

export class RoomSample {
  /** Members in no particular order: removal swaps the last one into the gap. */
  readonly #members: string[] = [];
  /** Where each member sits in #members. */
  readonly #index = new Map<string, number>();

  get size(): number {
    return this.#members.length;
  }

  has(peerId: string): boolean {
    return this.#index.has(peerId);
  }

  /** Adds a member; false if it was one already. O(1). */
  add(peerId: string): boolean {
    if (this.#index.has(peerId)) return false;
    this.#index.set(peerId, this.#members.length);
    this.#members.push(peerId);
    return true;
  }

  /** Removes a member; false if it was not one. O(1). */
  remove(peerId: string): boolean {
    const at = this.#index.get(peerId);
    if (at === undefined) return false;
    const last = this.#members.pop()!;
    this.#index.delete(peerId);
    if (last !== peerId) {
      this.#members[at] = last;
      this.#index.set(last, at);
    }
    return true;
  }

  /**
   * Up to `k` distinct members chosen uniformly at random, never `exclude`.
   * Robert Floyd's algorithm: k draws from the random source, O(k) time and
   * memory, where shuffling the room would be O(size).
   */
  sample(k: number, exclude?: string, random: RandomBelow = randomBelow): string[] {
    const excluded = exclude !== undefined && this.#index.has(exclude) ? exclude : undefined;
    const eligible = this.#members.length - (excluded === undefined ? 0 : 1);
    const count = Math.max(0, Math.min(Math.floor(k), eligible));
    // Draw positions from a view of #members without `exclude`: the excluded
    // member's slot is taken by the last one (a swap that is never written).
    const excludedAt = excluded === undefined ? -1 : this.#index.get(excluded)!;
    const memberAt = (position: number) =>
      position === excludedAt ? this.#members[this.#members.length - 1]! : this.#members[position]!;
    const chosen = new Set<number>();
    for (let j = eligible - count; j < eligible; j++) {
      const t = random(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    return [...chosen].map(memberAt);
  }
}
