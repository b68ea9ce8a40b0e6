// Decides which blocks to ask each peer for: what a media player reads next,
// then finish pieces already started, then the rarest wanted piece the peer
// has, then help with other peers' pieces, and at the very end (end-game) ask
// a second peer for blocks still outstanding.
import { PieceBuffers } from './piece-buffers.ts';
import { Bitfield } from './bitfield.ts';
import { BLOCK_BYTES, blockKey, type BlockRequest } from './blocks.ts';
import { InFlightPiece } from './in-flight-piece.ts';
import type { ShareLayout } from './layout.ts';
import { PieceWants } from './piece-wants.ts';
import type { RarityMap } from './rarity-map.ts';

/**
 * Most peers asked for the same block in end-game. Two is enough to route
 * around one slow peer; more wastes upload that late joiners could use.
 */
export const END_GAME_MAX_REQUESTERS = 2;

export interface Outstanding {
  request: BlockRequest;
  /** When it was sent, on the swarm's clock. */
  at: number;
}

/** What happened to a block that arrived. */
export type BlockOutcome =
  | { kind: 'unneeded' }
  | { kind: 'stored'; cancel: { peer: string; request: BlockRequest }[]; piece?: InFlightPiece };

export class PiecePicker {
  /** Pieces verified and stored (or, for a sharer, present in its files). */
  readonly have: Bitfield;
  readonly #layout: ShareLayout;
  readonly #rarity: RarityMap;
  readonly #random: () => number;
  readonly #inFlight = new Map<number, InFlightPiece>();
  readonly #outstanding = new Map<string, Map<number, Outstanding>>();

  /** Where in-flight pieces get their buffers; the download hands them back once stored. */
  readonly buffers = new PieceBuffers();
  /** Which pieces to fetch at all (the chosen files), and which first (a reader's window). */
  readonly wants: PieceWants;

  constructor(layout: ShareLayout, rarity: RarityMap, random: () => number = Math.random) {
    this.#layout = layout;
    this.#rarity = rarity;
    this.#random = random;
    this.have = new Bitfield(layout.pieceCount);
    this.wants = new PieceWants(layout);
  }

  inFlight(): IterableIterator<InFlightPiece> {
    return this.#inFlight.values();
  }

  outstanding(peer: string): ReadonlyMap<number, Outstanding> {
    return this.#outstanding.get(peer) ?? new Map();
  }

  /**
   * Up to `max` new block requests for `peer`, recorded as outstanding at `now`.
   * `peerHas(i)` says whether the peer has piece i and will serve it.
   */
  pick(peer: string, peerHas: (index: number) => boolean, max: number, now: number) {
    const picked: BlockRequest[] = [];
    const take = (piece: InFlightPiece, blocks: Iterable<number>) => {
      for (const block of blocks) {
        if (picked.length >= max) return;
        const request = piece.request(block, peer);
        this.#book(peer).set(blockKey(request.index, request.begin), { request, at: now });
        picked.push(request);
      }
    };
    const usable = (p: InFlightPiece) =>
      peerHas(p.index) && !p.complete && this.wants.wants(p.index);
    const start = (index: number) => {
      const piece = new InFlightPiece(index, this.#layout.pieceLength(index), peer, this.buffers);
      this.#inFlight.set(index, piece);
      take(piece, piece.unrequested());
    };
    // 1. What a reader waits for, in reading order: start it, or help whoever has.
    //    Before finishing pieces already started: a player stalls on its piece alone.
    for (const index of this.wants.ahead) {
      if (picked.length >= max) break;
      if (this.have.get(index) || !peerHas(index)) continue;
      const piece = this.#inFlight.get(index);
      if (piece === undefined) start(index);
      else if (
        usable(piece) &&
        (piece.owner === null || piece.owner === peer || !piece.singleSource)
      ) {
        piece.owner ??= peer;
        take(piece, piece.unrequested());
      }
    }
    // 2. Pieces this peer owns, then orphaned pieces (owner gone or timed out); wanted ones only.
    for (const piece of this.#inFlight.values()) {
      if (piece.owner === peer && usable(piece)) take(piece, piece.unrequested());
    }
    for (const piece of this.#inFlight.values()) {
      if (picked.length >= max) break;
      if (piece.owner === null && usable(piece)) {
        piece.owner = peer;
        take(piece, piece.unrequested());
      }
    }
    // 3. New wanted pieces, rarest first.
    while (picked.length < max) {
      const index = this.#rarestNew(peerHas);
      if (index === undefined) break;
      start(index);
    }
    // 4. Unrequested blocks of pieces other peers own.
    for (const piece of this.#inFlight.values()) {
      if (picked.length >= max) break;
      if (!piece.singleSource && usable(piece)) take(piece, piece.unrequested());
    }
    // 5. End-game: every missing wanted piece is started; ask this peer too.
    if (picked.length < max && this.#inEndGame()) {
      takeEndGame(this.#inFlight.values(), peer, usable, take);
    }
    return picked;
  }

  /**
   * A block arrived from `peer`. Only blocks we are waiting for from that very
   * peer count: an unsolicited block could otherwise spoil a piece that honest
   * peers are sending and leave no single peer to blame.
   */
  receive(peer: string, index: number, begin: number, data: Uint8Array): BlockOutcome {
    if (!this.#book(peer).delete(blockKey(index, begin))) return { kind: 'unneeded' };
    const piece = this.#inFlight.get(index);
    const others = piece?.receive(begin, data, peer) ?? null;
    if (piece === undefined || others === null) return { kind: 'unneeded' };
    const key = blockKey(index, begin);
    const cancel = [];
    for (const other of others) {
      const entry = this.#outstanding.get(other)?.get(key);
      if (entry === undefined) continue;
      this.#outstanding.get(other)!.delete(key);
      cancel.push({ peer: other, request: entry.request });
    }
    return piece.complete ? { kind: 'stored', cancel, piece } : { kind: 'stored', cancel };
  }

  /** Withdraws one request (rejected, cancelled) so another peer may take the block. */
  release(peer: string, request: BlockRequest): void {
    const key = blockKey(request.index, request.begin);
    if (!this.#book(peer).delete(key)) return;
    this.#inFlight.get(request.index)?.release(request.begin / BLOCK_BYTES, peer);
  }

  /** Withdraws every request of `peer` and gives up its pieces; returns what was withdrawn. */
  releasePeer(peer: string): BlockRequest[] {
    const withdrawn = [...this.outstanding(peer).values()].map((o) => o.request);
    for (const request of withdrawn) this.release(peer, request);
    this.#outstanding.delete(peer);
    for (const piece of this.#inFlight.values()) if (piece.owner === peer) piece.owner = null;
    return withdrawn;
  }

  /** The piece verified and is stored. */
  verified(index: number): void {
    this.#inFlight.delete(index);
    this.have.set(index);
  }

  /**
   * The piece failed its hash. Returns the peer to blame when only one sent
   * bytes; otherwise nobody, and the piece is refetched from one peer only.
   */
  failed(index: number): string | undefined {
    const piece = this.#inFlight.get(index);
    if (piece === undefined) return undefined;
    const contributors = [...piece.contributors];
    piece.reset();
    piece.owner = null;
    if (contributors.length === 1) return contributors[0];
    piece.singleSource = true;
    return undefined;
  }

  /** Drops a complete piece that could not be stored; it will be fetched again. */
  abandon(index: number): void {
    const piece = this.#inFlight.get(index);
    if (piece === undefined) return;
    for (const peer of piece.peers()) {
      const book = this.#outstanding.get(peer);
      for (let b = 0; b < piece.blocks; b++) book?.delete(blockKey(index, b * BLOCK_BYTES));
    }
    this.#inFlight.delete(index);
  }

  /**
   * Every missing wanted piece is started: BitTorrent's end-game. Before that, a
   * block asked of two peers is upload taken from a piece nobody has asked for yet.
   */
  #inEndGame(): boolean {
    let started = 0;
    for (const index of this.#inFlight.keys()) if (this.wants.wanted.get(index)) started++;
    return started >= this.wants.missing(this.have);
  }

  #book(peer: string): Map<number, Outstanding> {
    let book = this.#outstanding.get(peer);
    if (book === undefined) {
      book = new Map();
      this.#outstanding.set(peer, book);
    }
    return book;
  }

  /** The missing, not-started wanted piece the peer has that the fewest peers have; ties broken at random. */
  #rarestNew(peerHas: (index: number) => boolean): number | undefined {
    let best: number | undefined;
    let bestRarity = Infinity;
    let ties = 0;
    for (let i = 0; i < this.have.length; i++) {
      if (this.have.get(i) || this.#inFlight.has(i) || !peerHas(i) || !this.wants.wants(i)) {
        continue;
      }
      const rarity = this.#rarity.availability(i);
      if (rarity < bestRarity) {
        best = i;
        bestRarity = rarity;
        ties = 1;
      } else if (rarity === bestRarity && this.#random() * ++ties < 1) {
        best = i;
      }
    }
    return best;
  }
}

function takeEndGame(
  pieces: Iterable<InFlightPiece>,
  peer: string,
  usable: (p: InFlightPiece) => boolean,
  take: (piece: InFlightPiece, blocks: Iterable<number>) => void,
): void {
  for (const piece of pieces) {
    if (piece.singleSource || !usable(piece)) continue;
    const blocks = [];
    for (let b = 0; b < piece.blocks; b++) {
      const requesters = piece.requesters(b);
      if (piece.received(b) || requesters.has(peer)) continue;
      if (requesters.size > 0 && requesters.size < END_GAME_MAX_REQUESTERS) blocks.push(b);
    }
    take(piece, blocks);
  }
}
