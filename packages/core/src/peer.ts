// What the swarm knows about one connected peer: its session and uploader,
// which pieces it has, and how fast bytes move each way.
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

export class Peer {
  readonly id: string;
  readonly session: PeerSession;
  readonly uploader: Uploader;
  readonly down: RateMeter;
  readonly up: RateMeter;
  /** Pieces the peer has; null until we know the manifest. */
  has: Bitfield | null = null;
  /** The peer told us to stop requesting (choke). */
  choked = false;
  /** A request of ours timed out with this peer: one request at a time until it delivers. */
  snubbed = false;
  /** The peer asked for the manifest before we had it. */
  wantsManifest = false;
  /** The peer's bitfield arrived (it may send only one). */
  bitfieldSeen = false;
  /** How often the peer asked for the manifest. */
  manifestRequests = 0;
  /** Pieces the peer rejected a request for: we ask others. */
  readonly rejected = new Set<number>();
  /** Bitfield and haves that came before we knew the manifest. */
  early: { pieceCount: number; bits: Uint8Array } | null = null;
  earlyHaves: number[] = [];

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

  /** Whether we may ask this peer for piece `index`. */
  serves(index: number): boolean {
    return this.has !== null && this.has.get(index) && !this.rejected.has(index);
  }

  /**
   * Builds `has` from what arrived before the manifest, now that the piece
   * count is known. Returns false when the peer's bitfield had another count.
   */
  settle(pieceCount: number): boolean {
    if (this.early !== null && this.early.pieceCount !== pieceCount) return false;
    this.has = new Bitfield(pieceCount, this.early?.bits);
    for (const index of this.earlyHaves) {
      if (index >= pieceCount) return false;
      this.has.set(index);
    }
    this.early = null;
    this.earlyHaves = [];
    return true;
  }
}
