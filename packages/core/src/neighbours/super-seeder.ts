// The first phase of a share with many downloaders: while some piece has no
// copy outside us, we do not show a newcomer everything we have. Each peer is
// shown (with `have`) a few pieces at a time, the ones with the fewest copies
// among our neighbours and offered least so far, and one more each time it
// gets one. So the sharer's upload goes to pieces nobody has yet, and the
// downloaders trade the rest among themselves: in a flash crowd the sharer
// otherwise sends the same pieces to several peers that all picked them at
// random from its full bitfield (BitTorrent's "super-seeding", BEP 16).
//
// Pure: the swarm tells it what peers have and sends the haves it returns.

/**
 * Pieces shown to one peer at once. More than one, so the peer's request
 * pipeline does not drain while a piece is verified and the next one shown;
 * few, so that different peers are shown different pieces.
 */
export const OFFERED_PIECES_PER_PEER = 4;

export class SuperSeeder {
  readonly #pieceCount: number;
  /** Pieces shown to each peer and not yet reported had by it. */
  readonly #offered = new Map<string, Set<number>>();
  readonly #timesOffered: Uint32Array;
  #over = false;

  constructor(pieceCount: number) {
    this.#pieceCount = pieceCount;
    this.#timesOffered = new Uint32Array(pieceCount);
  }

  /** Once every piece has a copy among our neighbours, everyone is shown everything. */
  get over(): boolean {
    return this.#over;
  }

  /** Whether `peerId` is being shown pieces a few at a time. */
  manages(peerId: string): boolean {
    return this.#offered.has(peerId);
  }

  /** Starts showing `peerId` pieces a few at a time; returns the first to show. */
  add(
    peerId: string,
    lacks: (index: number) => boolean,
    copies: (index: number) => number,
  ): number[] {
    this.#offered.set(peerId, new Set());
    return this.#topUp(peerId, lacks, copies);
  }

  /** The peer has `index` now (a have): returns the next pieces to show it. */
  peerHas(
    peerId: string,
    index: number,
    lacks: (index: number) => boolean,
    copies: (index: number) => number,
  ): number[] {
    const offered = this.#offered.get(peerId);
    if (offered === undefined) return [];
    offered.delete(index);
    return this.#topUp(peerId, lacks, copies);
  }

  peerLeft(peerId: string): void {
    this.#offered.delete(peerId);
  }

  /**
   * Ends the phase when every piece has a copy among our neighbours; returns
   * the peers that were managed (the swarm shows them the rest of our pieces).
   */
  checkOver(copies: (index: number) => number): string[] {
    if (this.#over) return [];
    for (let i = 0; i < this.#pieceCount; i++) if (copies(i) === 0) return [];
    this.#over = true;
    const managed = [...this.#offered.keys()];
    this.#offered.clear();
    return managed;
  }

  #topUp(peerId: string, lacks: (i: number) => boolean, copies: (i: number) => number): number[] {
    const offered = this.#offered.get(peerId)!;
    // Shown pieces it got elsewhere (or had: its bitfield can come after ours) free their place.
    for (const index of offered) if (!lacks(index)) offered.delete(index);
    const shown: number[] = [];
    while (offered.size < OFFERED_PIECES_PER_PEER) {
      const next = this.#best(offered, lacks, copies);
      if (next === undefined) break;
      offered.add(next);
      this.#timesOffered[next]!++;
      shown.push(next);
    }
    return shown;
  }

  /** The piece the peer lacks with the fewest copies, then offered least; undefined when none. */
  #best(
    offered: ReadonlySet<number>,
    lacks: (i: number) => boolean,
    copies: (i: number) => number,
  ): number | undefined {
    let best: number | undefined;
    let bestCopies = Infinity;
    let bestOffers = Infinity;
    for (let i = 0; i < this.#pieceCount; i++) {
      if (offered.has(i) || !lacks(i)) continue;
      const c = copies(i);
      const o = this.#timesOffered[i]!;
      if (c < bestCopies || (c === bestCopies && o < bestOffers)) {
        best = i;
        bestCopies = c;
        bestOffers = o;
      }
    }
    return best;
  }
}
