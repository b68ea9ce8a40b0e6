// Two in-memory Transports joined by a simulated link with bandwidth, latency and
// real bufferedAmount accounting, all on an injected (usually simulated) clock.
import type { Clock, Transport, TransportEvents } from '../interfaces.ts';
import type { Uplink, UplinkSender } from './upload-shaper.ts';

export interface LinkOptions {
  clock: Clock;
  /** Bytes per second each way; Infinity (the default) sends instantly. */
  bandwidth?: number;
  /** One-way delay in ms, added after a message has been serialized. */
  latency?: number;
  /** Where 'drain' fires; browsers default bufferedAmountLowThreshold to 0. */
  lowWaterMark?: number;
  /** Fingerprints of the two ends, [a, b]. */
  fingerprints?: [string, string];
  /** Network addresses of the two ends, [a, b]; each end sees the other's as remoteAddress. */
  addresses?: [string, string];
  /**
   * The uplink each end shares with its node's other links, [a, b] (see
   * UploadShaper). An end with one is serialized by it at the node's rate, and
   * `bandwidth` does not apply to that end; latency still does.
   */
  uplinks?: [Uplink | undefined, Uplink | undefined];
}

/**
 * Rewrites or drops (null) each message one end sends, so tests can play a
 * corrupting or silent peer below the engine.
 */
export type SendFilter = (bytes: Uint8Array) => Uint8Array | null;

type Listeners = { [K in keyof TransportEvents]: Set<(...args: TransportEvents[K]) => void> };

export class MemoryTransport implements Transport {
  lowWaterMark: number;
  readonly fingerprints: { local: string; remote: string };
  readonly remoteAddress: string | undefined;
  /** Highest bufferedAmount ever seen: what backpressure tests check. */
  maxBufferedAmount = 0;
  /** Bytes and messages handed to send(), after the filter. */
  sentBytes = 0;
  sentMessages = 0;
  /** Applied to every outgoing message; set by tests. */
  filter: SendFilter | null = null;

  #buffered = 0;
  /** Messages that arrived before anyone listened for 'data' (see TransportEvents.data). */
  #early: Uint8Array[] = [];
  #queue: Uint8Array[] = [];
  #sending = false;
  #closing = false;
  #closed = false;
  #peer!: MemoryTransport;
  readonly #clock: Clock;
  readonly #bandwidth: number;
  readonly #latency: number;
  readonly #uplink: Uplink | undefined;
  /** What the uplink sees of this end: the next message's size, and its being sent. */
  readonly #uplinkSender: UplinkSender = {
    next: () => (this.#closed ? undefined : this.#queue[0]?.length),
    sent: () => this.#onSerialized(),
  };
  readonly #listeners: Listeners = { data: new Set(), drain: new Set(), close: new Set() };

  constructor(
    options: LinkOptions,
    fingerprints: { local: string; remote: string },
    remoteAddress?: string,
    uplink?: Uplink,
  ) {
    this.#clock = options.clock;
    this.#uplink = uplink;
    this.#bandwidth = options.bandwidth ?? Infinity;
    this.#latency = options.latency ?? 0;
    this.lowWaterMark = options.lowWaterMark ?? 0;
    this.fingerprints = fingerprints;
    this.remoteAddress = remoteAddress;
  }

  /** Joins two ends; use createTransportPair. */
  static link(a: MemoryTransport, b: MemoryTransport): void {
    a.#peer = b;
    b.#peer = a;
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  get closed(): boolean {
    return this.#closed || this.#closing;
  }

  send(bytes: Uint8Array): void {
    if (this.#closing || this.#closed) throw new Error('MemoryTransport: send after close');
    // Copied first, as a data channel does: the caller may reuse `bytes`, and a
    // filter that keeps what it saw keeps this message, not the caller's buffer.
    const copy = bytes.slice();
    const out = this.filter === null ? copy : this.filter(copy);
    if (out === null) return;
    this.sentBytes += out.length;
    this.sentMessages++;
    this.#queue.push(out);
    this.#buffered += out.length;
    this.maxBufferedAmount = Math.max(this.maxBufferedAmount, this.#buffered);
    if (!this.#sending) this.#sendNext();
  }

  on<K extends keyof TransportEvents>(
    event: K,
    listener: (...args: TransportEvents[K]) => void,
  ): void {
    this.#listeners[event].add(listener);
    if (event === 'data' && this.#early.length > 0) {
      const early = this.#early;
      this.#early = [];
      for (const message of early) this.#emit('data', message);
    }
  }

  off<K extends keyof TransportEvents>(
    event: K,
    listener: (...args: TransportEvents[K]) => void,
  ): void {
    this.#listeners[event].delete(listener);
  }

  /** Closes gracefully: messages already queued still arrive, then the far end sees 'close'. */
  close(): void {
    if (this.#closing || this.#closed) return;
    this.#closing = true;
    if (!this.#sending) this.#finishClose();
  }

  /** Cuts the link at once, both ways, losing whatever is queued (a crashed tab). */
  sever(): void {
    for (const end of [this, this.#peer]) {
      if (end.#closed) continue;
      end.#closed = true;
      end.#queue = [];
      end.#clock.setTimeout(() => end.#emit('close', new Error('link severed')), 0);
    }
  }

  #sendNext(): void {
    const message = this.#queue[0];
    if (message === undefined || this.#closed) {
      this.#sending = false;
      if (this.#closing) this.#finishClose();
      return;
    }
    this.#sending = true;
    if (this.#uplink !== undefined) return this.#uplink.ready(this.#uplinkSender);
    const serializeMs = (message.length * 1000) / this.#bandwidth;
    this.#clock.setTimeout(() => this.#onSerialized(), serializeMs);
  }

  /** The message at the head of the queue is on the wire: it arrives after the latency. */
  #onSerialized(): void {
    if (this.#closed) return;
    const message = this.#queue.shift()!;
    const before = this.#buffered;
    this.#buffered -= message.length;
    this.#clock.setTimeout(() => this.#peer.#deliver(message), this.#latency);
    if (before > this.lowWaterMark && this.#buffered <= this.lowWaterMark) this.#emit('drain');
    this.#sendNext();
  }

  #finishClose(): void {
    this.#clock.setTimeout(() => {
      if (this.#closed) return;
      this.#closed = true;
      this.#emit('close');
    }, 0);
    this.#clock.setTimeout(() => {
      const peer = this.#peer;
      if (peer.#closed) return;
      peer.#closed = true;
      peer.#queue = [];
      peer.#emit('close');
    }, this.#latency);
  }

  #deliver(message: Uint8Array): void {
    if (this.#closed) return;
    if (this.#listeners.data.size === 0) this.#early.push(message);
    else this.#emit('data', message);
  }

  #emit<K extends keyof TransportEvents>(event: K, ...args: TransportEvents[K]): void {
    for (const listener of [...this.#listeners[event]]) listener(...args);
  }
}

/** Two Transports joined by one simulated link. */
export function createTransportPair(options: LinkOptions): [MemoryTransport, MemoryTransport] {
  const [fa, fb] = options.fingerprints ?? ['fingerprint-a', 'fingerprint-b'];
  const [ua, ub] = options.uplinks ?? [undefined, undefined];
  const a = new MemoryTransport(options, { local: fa, remote: fb }, options.addresses?.[1], ua);
  const b = new MemoryTransport(options, { local: fb, remote: fa }, options.addresses?.[0], ub);
  MemoryTransport.link(a, b);
  return [a, b];
}
