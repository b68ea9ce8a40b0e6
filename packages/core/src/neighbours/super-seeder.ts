// The first phase of a share with many downloaders: while some piece has no
// copy outside us, we do not show a newcomer everything we have. Each peer we
// upload to (unchoked) is shown (with `have`) a few pieces at a time, pieces
// that no neighbour has and that are not being shown to anyone else, and one
// more each time it gets one. So the sharer's upload goes only to pieces
// nobody has yet, each sent once, and the downloaders trade the rest among
// themselves. In a flash crowd the sharer otherwise sends the same pieces to
// several peers that all picked them at random from its full bitfield, and
// the crowd holds a whole copy only long after the sharer could have sent
// one (BitTorrent's "super-seeding", BEP 16).
//
// Pure: the swarm tells it what peers have and whom it uploads to, and sends
// the haves it returns.

/**
 * Pieces shown to one peer at once. More than one, so the peer's request
 * pipeline does not drain while a piece is verified and the next one shown;
 * few, so that pieces are spread over the peers we upload to.
 */
export const OFFERED_PIECES_PER_PEER = 4;

export class SuperSeeder {
  readonly #pieceCount: number;
  /** Pieces shown to each peer and not yet reported had by it. */
  readonly #offered = new Map<string, Set<number>>();
  /**
   * Who each piece is being sent to now: a piece shown to a peer we upload to
   * is shown to nobody else until that peer has it, is choked, or leaves.
   */
  readonly #sendingTo = new Map<number, string>();
  /** Peers we upload to now (unchoked); only they are shown new pieces. */
  readonly #serving = new Set<string>();
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

  /** Whether we are sending `peerId` a piece nobody else has: it should keep its upload slot. */
  isSendingTo(peerId: string): boolean {
    if (!this.#serving.has(peerId)) return false;
    for (const index of this.#offered.get(peerId) ?? []) {
      if (this.#sendingTo.get(index) === peerId) return true;
    }
    return false;
  }

  /** Whether `peerId` is being shown pieces a few at a time. */
  manages(peerId: string): boolean {
    return this.#offered.has(peerId);
  }

  /**
   * Starts showing `peerId` pieces a few at a time; returns the first to show
   * (none until we upload to it: see serving).
   */
  add(
    peerId: string,
    lacks: (index: number) => boolean,
    copies: (index: number) => number,
  ): number[] {
    this.#offered.set(peerId, new Set());
    return this.#topUp(peerId, lacks, copies);
  }

  /**
   * We upload to `peerId` now (true) or no longer (false). A peer we stop
   * serving frees the pieces it was being sent, for others; one we serve again
   * takes back those still free and is shown more. Returns pieces to show it.
   */
  serving(
    peerId: string,
    on: boolean,
    lacks: (index: number) => boolean,
    copies: (index: number) => number,
  ): number[] {
    const offered = this.#offered.get(peerId);
    if (!on) {
      this.#serving.delete(peerId);
      if (offered !== undefined) this.#release(peerId, offered);
      return [];
    }
    this.#serving.add(peerId);
    if (offered === undefined) return [];
    for (const index of offered) {
      if (!this.#sendingTo.has(index) && lacks(index)) this.#sendingTo.set(index, peerId);
    }
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
    if (this.#sendingTo.get(index) === peerId) this.#sendingTo.delete(index);
    return this.#topUp(peerId, lacks, copies);
  }

  peerLeft(peerId: string): void {
    const offered = this.#offered.get(peerId);
    if (offered !== undefined) this.#release(peerId, offered);
    this.#offered.delete(peerId);
    this.#serving.delete(peerId);
  }

  #release(peerId: string, offered: ReadonlySet<number>): void {
    for (const index of offered) {
      if (this.#sendingTo.get(index) === peerId) this.#sendingTo.delete(index);
    }
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
    this.#sendingTo.clear();
    this.#serving.clear();
    return managed;
  }

  #topUp(peerId: string, lacks: (i: number) => boolean, copies: (i: number) => number): number[] {
    const offered = this.#offered.get(peerId)!;
    // Shown pieces it got elsewhere (or had: its bitfield can come after ours) free their place.
    for (const index of offered) {
      if (lacks(index)) continue;
      offered.delete(index);
      if (this.#sendingTo.get(index) === peerId) this.#sendingTo.delete(index);
    }
    if (!this.#serving.has(peerId)) return [];
    const shown: number[] = [];
    while (offered.size < OFFERED_PIECES_PER_PEER) {
      const next = this.#best(offered, lacks, copies);
      if (next === undefined) break;
      offered.add(next);
      this.#sendingTo.set(next, peerId);
      this.#timesOffered[next]!++;
      shown.push(next);
    }
    return shown;
  }

  /**
   * A piece the peer lacks that no neighbour has and nobody is being sent,
   * offered least so far; undefined when there is none. Pieces others have
   * are theirs to pass on: the sharer sending them too is a copy wasted.
   */
  #best(
    offered: ReadonlySet<number>,
    lacks: (i: number) => boolean,
    copies: (i: number) => number,
  ): number | undefined {
    let best: number | undefined;
    let bestOffers = Infinity;
    for (let i = 0; i < this.#pieceCount; i++) {
      if (offered.has(i) || this.#sendingTo.has(i) || !lacks(i) || copies(i) > 0) continue;
      const o = this.#timesOffered[i]!;
      if (o < bestOffers) {
        best = i;
        bestOffers = o;
      }
    }
    return best;
  }
}
