// Serves one peer's requests in order, holding back while the data channel is
// full (backpressure) or the upload rate limit is spent (token bucket).
import {
  encodedFrameSize,
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
 * Fewest bytes we let queue on one data channel: 1 MiB keeps a 100 Mbit/s
 * link busy for 80 ms between 'drain' events, and a frame we send behind it
 * (a have, a choke) waits at most 2 s on a 500 KiB/s link.
 */
export const MIN_UPLOAD_HIGH_WATER_MARK = 1024 * 1024;

/**
 * Most bytes we let queue on one data channel: half the 16 MiB at which
 * Chromium closes a data channel whose send queue overflows.
 */
export const MAX_UPLOAD_HIGH_WATER_MARK = 8 * 1024 * 1024;

/**
 * Seconds of a peer's rate to keep queued. A busy machine can leave the page
 * unscheduled for a few hundred milliseconds; what is queued keeps the link
 * busy meanwhile. On two loaded cores the raw channel ran fastest with 8 MiB
 * queued (issue 15's sweep), so a fast peer gets up to that, while a slow one
 * keeps the minimum and its control frames stay prompt.
 */
export const UPLOAD_QUEUE_SECONDS = 0.5;

/** The high-water mark for a peer we send to at `bytesPerSecond`. */
export function uploadHighWaterMark(bytesPerSecond: number): number {
  const wanted = bytesPerSecond * UPLOAD_QUEUE_SECONDS;
  return Math.min(MAX_UPLOAD_HIGH_WATER_MARK, Math.max(MIN_UPLOAD_HIGH_WATER_MARK, wanted));
}

/**
 * Where 'drain' fires, as a fraction of the high-water mark: the channel still
 * holds a quarter to send while the uploader wakes and refills it, and 'drain'
 * fires once per three quarters, not per block.
 */
export const LOW_WATER_FRACTION = 4;

/** A Transport's low-water mark until the uploader moves it. */
export const TRANSPORT_LOW_WATER_MARK = MIN_UPLOAD_HIGH_WATER_MARK / LOW_WATER_FRACTION;

/**
 * Most requests one peer may have queued with us. An honest peer keeps at most
 * MAX_PIPELINE (64) outstanding; four times that is a peer flooding us.
 */
export const MAX_QUEUED_REQUESTS = 256;

/** Shortest stretch over which the drain rate is sampled: a few blocks at any useful rate. */
const DRAIN_SAMPLE_MS = 100;

/** Weight of each new drain-rate sample: half, so the queue follows a change within a second. */
const DRAIN_SMOOTHING = 0.5;

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
  /**
   * Bytes per second the channel has passed on to the network: the peer's real
   * rate. Not what we queue: we queue fastest while the queue fills, and sizing
   * the queue from that would grow it without bound.
   */
  #drainRate = 0;
  #drainedInSample = 0;
  #sampleStartedAt: number;
  #bufferedAtLook = 0;
  #sentSinceLook = 0;

  constructor(options: UploaderOptions) {
    this.#options = options;
    this.#cost = new ServingCost();
    this.#sampleStartedAt = options.clock.now();
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
          ? encodedFrameSize(job.frame)
          : PIECE_FRAME_PREFIX_BYTES + job.request.length;
      const buffered = transport.bufferedAmount;
      const highWater = this.#highWaterMark(buffered);
      const lowWater = highWater / LOW_WATER_FRACTION;
      if (transport.lowWaterMark !== lowWater) transport.lowWaterMark = lowWater;
      if (buffered > 0 && buffered + size > highWater) {
        if (buffered <= transport.lowWaterMark) this.#retryIn(DRAIN_POLL_MS);
        return; // 'drain' calls #pump again.
      }
      if (job.kind === 'frame') {
        this.#frames.shift();
        this.#send(encodeFrame(job.frame));
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
      this.#send(encodePieceFrame({ type: 'piece', index, begin, data }, this.#frameScratch));
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

  #send(encoded: Uint8Array): void {
    this.#options.session.sendEncoded(encoded);
    this.#sentSinceLook += encoded.length;
  }

  /** What may be queued now: half a second of what the channel has drained lately. */
  #highWaterMark(buffered: number): number {
    // Other frames (haves, requests) go straight to the transport, so this
    // undercounts the drain a little: the queue errs small.
    this.#drainedInSample += Math.max(0, this.#bufferedAtLook + this.#sentSinceLook - buffered);
    this.#bufferedAtLook = buffered;
    this.#sentSinceLook = 0;
    const now = this.#options.clock.now();
    const elapsed = now - this.#sampleStartedAt;
    if (elapsed >= DRAIN_SAMPLE_MS) {
      // Time the channel sat idle counts too: a peer that stopped asking drifts back to the minimum.
      const sample = (this.#drainedInSample * 1000) / elapsed;
      this.#drainRate += (sample - this.#drainRate) * DRAIN_SMOOTHING;
      this.#drainedInSample = 0;
      this.#sampleStartedAt = now;
    }
    return uploadHighWaterMark(this.#drainRate);
  }

  #retryIn(ms: number): void {
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, ms);
  }
}
