// A model of the sampling signaling server (apps/signal, issue 14): a join is
// answered with a random sample of at most SAMPLE_SIZE members of the room and
// announced to another random sample; a member may ask for a fresh sample at
// most once per SAMPLE_REFRESH_MS. Pure: the simulation carries out the answers.

/** Most peers in one answer or announcement: PEER_SAMPLE_SIZE in apps/signal. */
export const SAMPLE_SIZE = 30;

/** The server refuses a second 'peers' request within this long (per room and connection). */
export const SAMPLE_REFRESH_MS = 5_000;

export interface JoinAnswer {
  /** Members the joiner is told of. */
  sample: string[];
  /** Members told of the joiner (they may dial it). */
  announced: string[];
}

export class SamplingServer {
  readonly #members: string[] = [];
  readonly #index = new Map<string, number>();
  readonly #lastAsked = new Map<string, number>();
  readonly #random: () => number;
  readonly #k: number;

  constructor(random: () => number, sampleSize = SAMPLE_SIZE) {
    this.#random = random;
    this.#k = sampleSize;
  }

  get size(): number {
    return this.#members.length;
  }

  /** Every member, in no particular order. */
  members(): readonly string[] {
    return this.#members;
  }

  has(id: string): boolean {
    return this.#index.has(id);
  }

  /** Adds `id` to the room: whom it is told of, and who is told of it. */
  join(id: string): JoinAnswer {
    const sample = this.#sample(id);
    const announced = this.#sample(id);
    this.#index.set(id, this.#members.length);
    this.#members.push(id);
    return { sample, announced };
  }

  /** Removes `id` (swap-remove, O(1)). */
  leave(id: string): void {
    const i = this.#index.get(id);
    if (i === undefined) return;
    const last = this.#members.pop()!;
    if (last !== id) {
      this.#members[i] = last;
      this.#index.set(last, i);
    }
    this.#index.delete(id);
    this.#lastAsked.delete(id);
  }

  /** A fresh sample for member `id` at time `now`, or null when it asked too recently (or is not in the room). */
  refresh(id: string, now: number): string[] | null {
    if (!this.#index.has(id)) return null;
    const last = this.#lastAsked.get(id);
    if (last !== undefined && now - last < SAMPLE_REFRESH_MS) return null;
    this.#lastAsked.set(id, now);
    return this.#sample(id);
  }

  /** At most k distinct members other than `self`, uniformly (Floyd's algorithm). */
  #sample(self: string): string[] {
    const members = this.#members;
    const selfAt = this.#index.get(self);
    const n = members.length - (selfAt === undefined ? 0 : 1);
    const k = Math.min(this.#k, n);
    const picked = new Set<number>();
    for (let j = n - k; j < n; j++) {
      const t = Math.floor(this.#random() * (j + 1));
      picked.add(picked.has(t) ? j : t);
    }
    // Positions index the members without `self`: shift those at or past it by one.
    return [...picked].map((p) => members[selfAt !== undefined && p >= selfAt ? p + 1 : p]!);
  }
}
