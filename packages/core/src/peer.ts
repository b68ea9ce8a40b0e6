// What the swarm knows about one connected peer: its session and uploader,
// which pieces it has, and how fast bytes move each way.
import { Bitfield } from './bitfield.ts';
import type { Clock } from './interfaces.ts';
import type { PeerSession } from './peer-session.ts';
import { RateMeter } from './rate-meter.ts';
import type { Uploader } from './uploader.ts';

export class Peer {
  readonly id: string;
  readonly session: PeerSession;
  uploader!: Uploader;
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
  /** Pieces the peer rejected a request for: we ask others. */
  readonly rejected = new Set<number>();
  /** Bitfield and haves that came before we knew the manifest. */
  early: { pieceCount: number; bits: Uint8Array } | null = null;
  earlyHaves: number[] = [];

  constructor(id: string, session: PeerSession, clock: Clock) {
    this.id = id;
    this.session = session;
    this.down = new RateMeter(clock);
    this.up = new RateMeter(clock);
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
