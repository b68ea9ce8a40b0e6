// Progress snapshots for the UI, and the throttle that keeps them to a few per second.
import type { ShoalErrorCode } from './errors.ts';
import type { Clock } from './interfaces.ts';

/**
 * Least time between two progress events. Four a second looks live in a
 * progress bar and costs a React render per tick, not one per 32 KiB block.
 */
export const PROGRESS_INTERVAL_MS = 250;

export type SwarmState =
  /** start() has not finished. */
  | 'starting'
  /** Waiting for a peer to send a manifest that hashes to the share id. */
  | 'fetching-manifest'
  | 'downloading'
  /** Not requesting; see `pausedBy`. Serving continues. */
  | 'paused'
  /** Every wanted piece is verified and stored (or, for the sharer, in its files); see Swarm.selectFiles. */
  | 'seeding'
  | 'destroyed';

export interface PeerProgress {
  peerId: string;
  /** Bytes per second of piece data, over the last few seconds. */
  downloadRate: number;
  uploadRate: number;
  /** Piece bytes received from this peer since it connected. */
  downloadedBytes: number;
  /** Piece bytes sent to this peer since it connected. */
  uploadedBytes: number;
  /** Our requests the peer has not answered yet. */
  outstanding: number;
  /** Pieces the peer has, when known. */
  pieces: number;
  /** One of our requests timed out with this peer recently. */
  snubbed: boolean;
}

export interface InFlightProgress {
  index: number;
  receivedBytes: number;
  length: number;
  /** Peers with requests out for this piece or that sent some of it. */
  peers: string[];
}

export interface Progress {
  state: SwarmState;
  /** Why the swarm is paused ('quota-exceeded', 'store-failed'), or null when not paused by an error. */
  pausedBy: ShoalErrorCode | null;
  verifiedBytes: number;
  totalBytes: number;
  /** Bytes of the pieces the chosen files need: totalBytes unless files were chosen. */
  wantedBytes: number;
  /** Of wantedBytes, those verified and stored. */
  verifiedWantedBytes: number;
  verifiedPieces: number;
  pieceCount: number;
  /** Swarm-wide rates in bytes per second. */
  downloadRate: number;
  uploadRate: number;
  downloadedBytes: number;
  uploadedBytes: number;
  /** Seconds left at the current download rate; null when unknown or not downloading. */
  etaSeconds: number | null;
  peersConnected: number;
  /** Connected peers that have every piece, and those that still lack some (pieces known). */
  peersComplete: number;
  peersDownloading: number;
  /**
   * Whole copies of the share among this browser and its connected peers
   * (BitTorrent's "distributed copies", see swarm-health.ts); 0 before the manifest.
   */
  distributedCopies: number;
  peers: PeerProgress[];
  /** Stored pieces as a bitfield (bit i MSB-first of byte i>>3), for a piece map. */
  stored: Uint8Array;
  /** Pieces the chosen files need, as a bitfield like `stored`. */
  wanted: Uint8Array;
  inFlight: InFlightProgress[];
}

/** Calls `emit` at most once per interval; a poke during the quiet time schedules one at its end. */
export class ProgressThrottle {
  readonly #clock: Clock;
  readonly #interval: number;
  readonly #emit: () => void;
  #last = -Infinity;
  #timer: unknown = undefined;

  constructor(clock: Clock, emit: () => void, intervalMs = PROGRESS_INTERVAL_MS) {
    this.#clock = clock;
    this.#emit = emit;
    this.#interval = intervalMs;
  }

  poke(): void {
    if (this.#timer !== undefined) return;
    const wait = this.#last + this.#interval - this.#clock.now();
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#last = this.#clock.now();
        this.#emit();
      },
      Math.max(0, wait),
    );
  }

  destroy(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
