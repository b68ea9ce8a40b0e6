// Serves one peer's requests in order, holding back while the data channel is
// full (backpressure) or the upload rate limit is spent (token bucket).
import {
  encodeFrame,
  encodePieceFrame,
  GoodbyeCode,
  MAX_BLOCK_BYTES,
  PIECE_FRAME_PREFIX_BYTES,
  type Frame,
} from '@shoal/protocol';
import type { BlockRequest } from './blocks.ts';
import type { Clock } from './interfaces.ts';
import type { PeerSession } from './peer-session.ts';
import type { TokenBucket } from './rate-limiter.ts';
import { ServingCost } from './serving-cost.ts';

/**
 * Most bytes we leave queued on one data channel. 1 MiB keeps a 100 Mbit/s
 * link busy for 80 ms between 'drain' events, and stays far below the 16 MiB
 * at which Chromium closes a data channel whose send queue overflows.
 */
export const UPLOAD_HIGH_WATER_MARK = 1024 * 1024;

/**
 * Where a Transport should fire 'drain' (its lowWaterMark): a quarter of the
 * high-water mark, so the channel still holds 256 KiB to send while the
 * uploader wakes and refills it, and 'drain' fires once per ~768 KiB, not per block.
 */
export const TRANSPORT_LOW_WATER_MARK = UPLOAD_HIGH_WATER_MARK / 4;

/**
 * Most requests one peer may have queued with us. An honest peer keeps at most
 * MAX_PIPELINE (64) outstanding; four times that is a peer flooding us.
 */
export const MAX_QUEUED_REQUESTS = 256;

/**
 * How often to look again when the channel is over the high-water mark but at
 * or under its own low-water mark, so no 'drain' will come (a transport whose
 * lowWaterMark is set close to our high-water mark).
 */
const DRAIN_POLL_MS = 50;

/** A whole piece for serving, and what getting it cost. */
export interface LoadedPiece {
  /** The piece's bytes, or undefined when we cannot serve it (we reject then). */
  piece: Promise<Uint8Array | undefined>;
  /** Bytes read (and hashed) to get it: 0 when it was at hand already. */
  loadedBytes: number;
}

export interface UploaderOptions {
  session: PeerSession;
  clock: Clock;
  limiter: TokenBucket;
  loadPiece: (index: number) => LoadedPiece;
  /** Called with the piece-data bytes of every block sent. */
  onSent: (bytes: number) => void;
}

type Job = { kind: 'frame'; frame: Frame } | { kind: 'block'; request: BlockRequest };

export class Uploader {
  readonly #options: UploaderOptions;
  #frames: Frame[] = [];
  #requests: BlockRequest[] = [];
  #pumping = false;
  #again = false;
  #timer: unknown = undefined;
  #destroyed = false;
  /** We told the peer to stop requesting (choke): its requests are dropped until unchoke. */
  #choking = false;
  /**
   * The piece this peer's requests are walking, held while they do: a peer asks
   * for a piece block by block, and other peers' loads must not evict it between
   * two of its blocks (a dozen downloaders on a dozen pieces would otherwise
   * make us load a piece per block).
   */
  #current: { index: number; piece: Promise<Uint8Array | undefined> } | null = null;
  readonly #cost: ServingCost;
  /** Where each piece frame is encoded: Transport.send copies, so one buffer serves every block. */
  readonly #frameScratch = new Uint8Array(PIECE_FRAME_PREFIX_BYTES + MAX_BLOCK_BYTES);
  readonly #onDrain = () => this.#pump();

  constructor(options: UploaderOptions) {
    this.#options = options;
    this.#cost = new ServingCost();
    options.session.transport.on('drain', this.#onDrain);
  }

  /** Requests waiting to be served. */
  get queued(): number {
    return this.#requests.length;
  }

  get choking(): boolean {
    return this.#choking;
  }

  /**
   * Tells the peer to stop requesting and drops what it has queued, as the
   * choke frame says; requests that crossed the frame are dropped on arrival
   * (the peer released them when the choke came).
   */
  choke(): void {
    if (this.#choking || this.#destroyed) return;
    this.#choking = true;
    this.#requests = [];
    this.#current = null;
    this.#options.session.send({ type: 'choke' });
  }

  unchoke(): void {
    if (!this.#choking || this.#destroyed) return;
    this.#choking = false;
    this.#options.session.send({ type: 'unchoke' });
  }

  /** Queues a request (dropped while choking); returns false when the peer already has too many queued. */
  enqueue(request: BlockRequest): boolean {
    if (this.#choking) return true;
    if (this.#requests.length >= MAX_QUEUED_REQUESTS) return false;
    this.#requests.push(request);
    this.#pump();
    return true;
  }

  cancel(request: BlockRequest): void {
    this.#requests = this.#requests.filter(
      (r) => r.index !== request.index || r.begin !== request.begin || r.length !== request.length,
    );
  }

  /** Sends bulk frames (manifest slices) ahead of blocks, under backpressure but no rate limit. */
  sendFrames(frames: Frame[]): void {
    this.#frames.push(...frames);
    this.#pump();
  }

  destroy(): void {
    this.#destroyed = true;
    this.#frames = [];
    this.#requests = [];
    this.#current = null;
    this.#options.clock.clearTimeout(this.#timer);
    this.#options.session.transport.off('drain', this.#onDrain);
  }

  #pump(): void {
    if (this.#destroyed) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    this.#run()
      .catch(() => this.destroy()) // a failing read or send: stop serving this peer
      .finally(() => {
        this.#pumping = false;
        if (this.#again) {
          this.#again = false;
          this.#pump();
        }
      });
  }

  async #run(): Promise<void> {
    const { session, limiter } = this.#options;
    const transport = session.transport;
    for (;;) {
      if (this.#destroyed || session.state !== 'open') return;
      const job: Job | undefined =
        this.#frames.length > 0
          ? { kind: 'frame', frame: this.#frames[0]! }
          : this.#requests.length > 0
            ? { kind: 'block', request: this.#requests[0]! }
            : undefined;
      if (job === undefined) return;
      const size =
        job.kind === 'frame'
          ? encodedSize(job.frame)
          : PIECE_FRAME_PREFIX_BYTES + job.request.length;
      const buffered = transport.bufferedAmount;
      if (buffered > 0 && buffered + size > UPLOAD_HIGH_WATER_MARK) {
        if (buffered <= transport.lowWaterMark) this.#retryIn(DRAIN_POLL_MS);
        return; // 'drain' calls #pump again.
      }
      if (job.kind === 'frame') {
        this.#frames.shift();
        session.sendEncoded(encodeFrame(job.frame));
        continue;
      }
      const wait = limiter.take(size);
      if (wait > 0) return this.#retryIn(wait);
      this.#requests.shift();
      const { index, begin, length } = job.request;
      const loading = this.#pieceFor(index);
      if (loading === null) {
        return session.goodbye(GoodbyeCode.Flooding, 'asked for far more pieces than it takes');
      }
      const piece = await loading;
      // Choked while the piece loaded: the peer has released this request.
      if (this.#destroyed || this.#choking || session.state !== 'open') return;
      const data = piece?.subarray(begin, begin + length);
      if (data === undefined || data.length !== length) {
        session.send({ type: 'reject', index, begin, length });
        continue;
      }
      session.sendEncoded(
        encodePieceFrame({ type: 'piece', index, begin, data }, this.#frameScratch),
      );
      this.#cost.served(length);
      this.#options.onSent(length);
    }
  }

  /** Piece `index`, charged to this peer if it had to be loaded; null once the peer is over its budget. */
  #pieceFor(index: number): Promise<Uint8Array | undefined> | null {
    if (this.#current?.index === index) return this.#current.piece;
    const { piece, loadedBytes } = this.#options.loadPiece(index);
    if (!this.#cost.load(loadedBytes)) return null;
    this.#current = { index, piece };
    return piece;
  }

  #retryIn(ms: number): void {
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, ms);
  }
}

function encodedSize(frame: Frame): number {
  return frame.type === 'manifest' ? 9 + frame.data.length : 16;
}
