// What the swarm knows about one connected peer: its session and uploader,
// which pieces it has, and how fast bytes move each way.
import { GoodbyeCode, MAX_PIECE_COUNT } from '@shoal/protocol';
import { Bitfield } from './bitfield.ts';
import type { Clock, Sha256, Transport } from './interfaces.ts';
import { PeerSession } from './peer-session.ts';
import type { TokenBucket } from './rate-limiter.ts';
import { RateMeter } from './rate-meter.ts';
import { Uploader, type LoadedPiece } from './uploader.ts';

export interface PeerConnectOptions {
  id: string;
  transport: Transport;
  authKey: Uint8Array;
  sha256: Sha256;
  clock: Clock;
  /** The swarm-wide upload rate limit. */
  limiter: TokenBucket;
  loadPiece: (index: number) => LoadedPiece;
  /** Piece-data bytes sent to this peer (also counted on the peer itself). */
  onSent: (bytes: number) => void;
}

/**
 * Times one peer may ask for the manifest. A one-byte request costs us up to
 * 16 MiB of upload, so a peer asking over and over is an amplification attack;
 * an honest peer asks once, or again after a reconnect (a new session).
 */
export const MAX_MANIFEST_REQUESTS = 2;

/** What a bitfield from the peer did; see Peer.receiveBitfield. */
export type BitfieldOutcome =
  /** Kept until we know the manifest (see settle). */
  | { kind: 'early' }
  /** The peer broke the protocol and was told goodbye. */
  | { kind: 'dropped' }
  /** `has` is the new bitfield; `previous` is what it replaced, for the rarity map. */
  | { kind: 'known'; previous: Bitfield | null };

/** What a have from the peer did; see Peer.receiveHave. */
export type HaveOutcome = 'early' | 'dropped' | 'new' | 'known';

/**
 * What we know of one peer. What the peer told us (its pieces, its choke, its
 * rejections, its manifest requests) is written only here, by the receive*
 * methods the frame router calls; the rates are written by whoever moves the
 * bytes (Download for `down`, the uploader for `up`).
 */
export class Peer {
  readonly id: string;
  readonly session: PeerSession;
  readonly uploader: Uploader;
  readonly down: RateMeter;
  readonly up: RateMeter;
  #has: Bitfield | null = null;
  #choked = false;
  #manifestWanted = false;
  #manifestRequests = 0;
  #bitfieldSeen = false;
  readonly #rejected = new Set<number>();
  /** Bitfield and haves that came before we knew the manifest. */
  #early: { pieceCount: number; bits: Uint8Array } | null = null;
  #earlyHaves: number[] = [];

  private constructor(options: PeerConnectOptions) {
    const { id, transport, authKey, sha256, clock } = options;
    this.id = id;
    this.session = new PeerSession({ transport, authKey, sha256, clock });
    this.down = new RateMeter(clock);
    this.up = new RateMeter(clock);
    this.uploader = new Uploader({
      session: this.session,
      clock,
      limiter: options.limiter,
      loadPiece: options.loadPiece,
      onSent: (bytes) => {
        this.up.add(bytes);
        options.onSent(bytes);
      },
    });
  }

  /** Wraps a Transport in a session and an uploader; call session.start() after listening. */
  static connect(options: PeerConnectOptions): Peer {
    return new Peer(options);
  }

  get open(): boolean {
    return this.session.state === 'open';
  }

  /** Pieces the peer has; null until we know the manifest. */
  get has(): Bitfield | null {
    return this.#has;
  }

  /** The peer told us to stop requesting (choke). */
  get choked(): boolean {
    return this.#choked;
  }

  /** The peer sent its bitfield before we knew the manifest: it has the manifest. */
  get sentBitfieldEarly(): boolean {
    return this.#early !== null;
  }

  /** Whether we may ask this peer for piece `index`. */
  serves(index: number): boolean {
    return this.#has !== null && this.#has.get(index) && !this.#rejected.has(index);
  }

  /**
   * The peer asked for the manifest. False once it asked more than
   * MAX_MANIFEST_REQUESTS times (it was told goodbye); else the request waits
   * for takeManifestRequest.
   */
  receiveManifestRequest(): boolean {
    if (++this.#manifestRequests > MAX_MANIFEST_REQUESTS) {
      this.session.goodbye(GoodbyeCode.Flooding, 'asked for the manifest again and again');
      return false;
    }
    this.#manifestWanted = true;
    return true;
  }

  /** Whether a manifest request is waiting; taking it answers it (send the manifest once). */
  takeManifestRequest(): boolean {
    const wanted = this.#manifestWanted;
    this.#manifestWanted = false;
    return wanted;
  }

  /**
   * The peer's bitfield. Before the manifest (`pieceCount` null) it is kept
   * for settle; after, it replaces `has`. A second bitfield, or one for
   * another piece count, drops the peer.
   */
  receiveBitfield(
    frame: { pieceCount: number; bits: Uint8Array },
    pieceCount: number | null,
  ): BitfieldOutcome {
    // Each side sends its bitfield once; a second would make us redo the rarity map.
    if (this.#bitfieldSeen) {
      this.session.goodbye(GoodbyeCode.ProtocolError, 'second bitfield');
      return { kind: 'dropped' };
    }
    this.#bitfieldSeen = true;
    if (pieceCount === null) {
      // A view into the received message: keep a copy (see decodeFrame).
      this.#early = { pieceCount: frame.pieceCount, bits: frame.bits.slice() };
      return { kind: 'early' };
    }
    if (frame.pieceCount !== pieceCount) {
      this.#dropMismatch();
      return { kind: 'dropped' };
    }
    const previous = this.#has;
    this.#has = new Bitfield(pieceCount, frame.bits);
    return { kind: 'known', previous };
  }

  /** The peer has one more piece. Before the manifest (`pieceCount` null) it is kept for settle. */
  receiveHave(index: number, pieceCount: number | null): HaveOutcome {
    if (pieceCount === null || this.#has === null) {
      if (this.#earlyHaves.length < MAX_PIECE_COUNT) this.#earlyHaves.push(index);
      return 'early';
    }
    if (index >= pieceCount) {
      this.session.goodbye(GoodbyeCode.ProtocolError, 'have beyond the last piece');
      return 'dropped';
    }
    return this.#has.set(index) ? 'new' : 'known';
  }

  /** The peer will not serve piece `index`: we ask others for it. */
  receiveReject(index: number): void {
    this.#rejected.add(index);
  }

  receiveChoke(): void {
    this.#choked = true;
  }

  receiveUnchoke(): void {
    this.#choked = false;
  }

  /**
   * Builds `has` from what arrived before the manifest, now that the piece
   * count is known. A bitfield or have that does not fit the manifest drops
   * the peer, and returns false.
   */
  settle(pieceCount: number): boolean {
    const early = this.#early;
    const fits =
      (early === null || early.pieceCount === pieceCount) &&
      this.#earlyHaves.every((index) => index < pieceCount);
    if (!fits) {
      this.#dropMismatch();
      return false;
    }
    this.#has = new Bitfield(pieceCount, early?.bits);
    for (const index of this.#earlyHaves) this.#has.set(index);
    this.#early = null;
    this.#earlyHaves = [];
    return true;
  }

  #dropMismatch(): void {
    this.session.goodbye(GoodbyeCode.ProtocolError, 'bitfield does not match the manifest');
  }
}
