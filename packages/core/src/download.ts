// The downloading half of a swarm: keeps every peer's request pipeline full,
// moves timed-out requests elsewhere, and hands finished pieces to the
// PieceVerifier, which stores only those that match the manifest.
import { MAX_REQUESTS_PER_FRAME, type Manifest } from '@shoal/protocol';
import type { Bitfield } from './bitfield.ts';
import { BLOCK_BYTES, type BlockRequest } from './blocks.ts';
import type { Clock, PieceStore, Sha256 } from './interfaces.ts';
import type { InFlightPiece } from './in-flight-piece.ts';
import type { ShareLayout } from './layout.ts';
import type { Peer } from './peer.ts';
import { PiecePicker } from './piece-picker.ts';
import { PieceVerifier } from './piece-verifier.ts';
import { RarityMap } from './rarity-map.ts';
import { pipelineDepth, refillBatch } from './request-pipeline.ts';

/**
 * How long a request may go unanswered before we give its blocks to other
 * peers. Pipelines hold about PIPELINE_SECONDS (1 s) of data, so 15 s is a
 * peer an order of magnitude slower than it had been, or gone silent.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

/** How often to look for timed-out requests while any are outstanding. */
export const TIMEOUT_CHECK_MS = 1_000;

/**
 * Most bytes of finished pieces waiting to be hashed and stored. When the store
 * (IndexedDB) is slower than the network, requesting stops here instead of
 * piling pieces up in memory; two pieces always fit, so 16 MiB pieces still flow.
 */
export const MAX_UNSTORED_BYTES = 32 * 1024 * 1024;

export interface DownloadHooks {
  peers(): Iterable<Peer>;
  /** A piece verified and is stored. */
  verified(index: number): void;
  /**
   * This peer sent bad bytes of piece `index`: it alone sent a piece that failed
   * its hash, or its blocks of a failed piece differ from the piece that verified.
   */
  badPiece(peerId: string, index: number): void;
  /** The store refused a verified piece; the download pauses. */
  storeFailed(error: unknown): void;
  /** Something a progress view shows has changed. */
  changed(): void;
}

export interface DownloadOptions {
  manifest: Manifest;
  layout: ShareLayout;
  /** Null for a sharer: it has every piece in its files, and requests none. */
  store: PieceStore | null;
  sha256: Sha256;
  clock: Clock;
  random?: () => number;
  requestTimeoutMs?: number;
  hooks: DownloadHooks;
}

export class Download {
  readonly rarity: RarityMap;
  readonly picker: PiecePicker;
  /** False while paused, and while every wanted piece is in. */
  active = true;
  verifiedBytes = 0;
  readonly #options: DownloadOptions;
  readonly #timeout: number;
  #timer: unknown = undefined;
  /** Bytes of complete pieces still being verified or stored. */
  #unstored = 0;
  readonly #maxUnstored: number;
  readonly #verifier: PieceVerifier | null;
  /** Peers that let a request time out: one request at a time until they deliver. */
  readonly #snubbed = new Set<string>();

  constructor(options: DownloadOptions) {
    this.#options = options;
    this.#verifier =
      options.store === null
        ? null
        : new PieceVerifier({
            pieceHashes: options.manifest.pieceHashes,
            store: options.store,
            sha256: options.sha256,
          });
    this.#timeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.rarity = new RarityMap(options.layout.pieceCount);
    this.picker = new PiecePicker(options.layout, this.rarity, options.random);
    this.#maxUnstored = Math.max(MAX_UNSTORED_BYTES, 2 * options.layout.pieceSize);
  }

  /** Bytes of complete pieces still being verified or stored. */
  get unstoredBytes(): number {
    return this.#unstored;
  }

  /** Every piece is in: this browser can serve the whole share. */
  get complete(): boolean {
    return this.picker.have.complete;
  }

  /** Every piece of the chosen files, and any a reader waits for, is in. */
  get satisfied(): boolean {
    return this.picker.wants.satisfiedBy(this.picker.have);
  }

  /** Fetches only the pieces of these files (null: every file); see PieceWants.selectFiles. */
  selectFiles(files: readonly number[] | null): void {
    this.picker.wants.selectFiles(files);
    this.fillAll();
  }

  /** A reader needs file `fileIndex` from byte `offset` on: fetch that first. */
  focus(fileIndex: number, offset: number): void {
    this.picker.wants.focus(fileIndex, offset);
    this.fillAll();
  }

  unfocus(): void {
    this.picker.wants.unfocus();
  }

  /** Marks pieces we already have (stored earlier, or in the sharer's files). */
  markHave(index: number): void {
    if (this.picker.have.get(index)) return;
    this.picker.verified(index);
    this.verifiedBytes += this.#options.layout.pieceLength(index);
  }

  peerJoined(peer: Peer): void {
    if (peer.has !== null) this.rarity.addBitfield(peer.has);
    this.fill(peer);
  }

  peerLeft(peer: Peer): void {
    if (peer.has !== null) this.rarity.removeBitfield(peer.has);
    this.picker.releasePeer(peer.id);
    this.#snubbed.delete(peer.id);
    this.fillAll();
  }

  /** A request of ours timed out with this peer, and it has not delivered a block since. */
  isSnubbed(peerId: string): boolean {
    return this.#snubbed.has(peerId);
  }

  /** The peer's bitfield arrived (after we knew the manifest) and replaced `previous`. */
  peerBitfield(peer: Peer, previous: Bitfield | null): void {
    if (previous !== null) this.rarity.removeBitfield(previous);
    if (peer.has !== null) this.rarity.addBitfield(peer.has);
    this.fill(peer);
    this.#options.hooks.changed();
  }

  /** The peer has piece `index`, which it did not have before. */
  peerHas(peer: Peer, index: number): void {
    this.rarity.addHave(index);
    if (!this.picker.have.get(index)) this.fill(peer);
    // What a peer holds is shown (a peer that "has everything"): report it.
    this.#options.hooks.changed();
  }

  /** The peer will not serve this block (reject) or dropped all our requests (choke). */
  withdrawn(peer: Peer, request?: BlockRequest): void {
    if (request === undefined) this.picker.releasePeer(peer.id);
    else this.picker.release(peer.id, request);
    this.fillAll();
  }

  block(peer: Peer, index: number, begin: number, data: Uint8Array): void {
    peer.down.add(data.length);
    this.#snubbed.delete(peer.id);
    const outcome = this.picker.receive(peer.id, index, begin, data);
    if (outcome.kind === 'stored') {
      for (const { peer: other, request } of outcome.cancel) {
        for (const p of this.#options.hooks.peers()) {
          if (p.id === other) p.session.send({ type: 'cancel', ...request });
        }
      }
      if (outcome.piece !== undefined) void this.#verify(outcome.piece);
    }
    this.fill(peer);
    this.#options.hooks.changed();
  }

  /** Tops up one peer's pipeline to the depth its measured rate calls for. */
  fill(peer: Peer): void {
    if (!this.active || !peer.open || peer.choked || peer.has === null) return;
    if (this.#unstored >= this.#maxUnstored) return;
    const outstanding = this.picker.outstanding(peer.id).size;
    const depth = this.#snubbed.has(peer.id) ? 1 : pipelineDepth(peer.down.rate(), BLOCK_BYTES);
    // Short by less than a batch: the blocks still in flight will call fill again.
    if (depth - outstanding < refillBatch(depth)) return;
    const now = this.#options.clock.now();
    const picked = this.picker.pick(peer.id, (i) => peer.serves(i), depth - outstanding, now);
    sendRequests(peer, picked);
    if (picked.length > 0) this.#watch();
  }

  /** Fills every peer, snubbed ones last so that healthy peers take released blocks first. */
  fillAll(): void {
    const peers = [...this.#options.hooks.peers()];
    for (const peer of peers) if (!this.#snubbed.has(peer.id)) this.fill(peer);
    for (const peer of peers) if (this.#snubbed.has(peer.id)) this.fill(peer);
  }

  /** Stops requesting and withdraws every outstanding request. */
  pause(): void {
    this.active = false;
    for (const peer of this.#options.hooks.peers()) {
      for (const request of this.picker.releasePeer(peer.id)) {
        peer.session.send({ type: 'cancel', ...request });
      }
    }
  }

  resume(): void {
    this.active = !this.satisfied;
    this.fillAll();
  }

  destroy(): void {
    this.active = false;
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #verify(piece: InFlightPiece): Promise<void> {
    const length = piece.data.length;
    this.#unstored += length;
    try {
      await this.#verifyAndStore(piece);
    } finally {
      const wasFull = this.#unstored >= this.#maxUnstored;
      this.#unstored -= length;
      if (wasFull && this.#unstored < this.#maxUnstored) this.fillAll();
    }
  }

  async #verifyAndStore(piece: InFlightPiece): Promise<void> {
    const { index, data } = piece;
    const { hooks } = this.#options;
    const verifier = this.#verifier;
    // A sharer requests nothing, so none of its pieces completes here.
    if (verifier === null) return this.picker.abandon(index);
    const verdict = await verifier.verifyAndStore(index, data);
    switch (verdict.kind) {
      case 'unhashed':
        this.picker.abandon(index);
        this.fillAll();
        return;
      case 'corrupt': {
        const senders = piece.senders();
        const culprit = this.picker.failed(index);
        if (culprit !== undefined) hooks.badPiece(culprit, index);
        else verifier.suspect(index, data, senders);
        this.fillAll();
        return;
      }
      case 'store-failed':
        this.picker.abandon(index);
        hooks.storeFailed(verdict.error);
        return;
      case 'stored':
        this.markHave(index);
        if (this.satisfied) this.destroy();
        hooks.verified(index);
        hooks.changed();
        for (const liar of await verifier.liars(index, data)) hooks.badPiece(liar, index);
        // Stored, and compared with any bad copies: nothing refers to these bytes now.
        this.picker.buffers.give(data);
    }
  }

  /** Keeps one timer running while requests are outstanding. */
  #watch(): void {
    if (this.#timer !== undefined) return;
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#checkTimeouts();
    }, TIMEOUT_CHECK_MS);
  }

  /** A peer whose oldest request is too old loses all its requests to other peers. */
  #checkTimeouts(): void {
    const now = this.#options.clock.now();
    let any = false;
    let moved = false;
    for (const peer of this.#options.hooks.peers()) {
      const outstanding = [...this.picker.outstanding(peer.id).values()];
      if (outstanding.length === 0) continue;
      any = true;
      if (outstanding.some((o) => now - o.at >= this.#timeout)) {
        this.#snubbed.add(peer.id);
        for (const request of this.picker.releasePeer(peer.id)) {
          peer.session.send({ type: 'cancel', ...request });
        }
        moved = true;
      }
    }
    if (moved) this.fillAll();
    if (any || moved) this.#watch();
  }
}

/** One message for one request, else `requests` frames of up to MAX_REQUESTS_PER_FRAME. */
function sendRequests(peer: Peer, requests: BlockRequest[]): void {
  if (requests.length === 1) {
    peer.session.send({ type: 'request', ...requests[0]! });
    return;
  }
  for (let at = 0; at < requests.length; at += MAX_REQUESTS_PER_FRAME) {
    peer.session.send({
      type: 'requests',
      requests: requests.slice(at, at + MAX_REQUESTS_PER_FRAME),
    });
  }
}
