// Fills in core's Transport with one simple-peer connection (one ordered data channel).
import { TRANSPORT_LOW_WATER_MARK, type Transport, type TransportEvents } from '@shoal/core';
import type SimplePeer from 'simple-peer';
import type { NegotiatedConnection } from './negotiated-connection.ts';

/**
 * Takes a simple-peer connection's incoming messages straight from its data
 * channel, from the moment the channel exists. simple-peer would wrap each in a
 * Buffer and pass it through a Node-style stream (whose browser nextTick is a
 * timer); the tap skips both, and holds messages until the transport takes them,
 * so nothing that arrives before 'connect' is lost or reordered.
 */
export class MessageTap {
  private held: Uint8Array[] = [];
  private sink: ((bytes: Uint8Array) => void) | null = null;

  constructor(peer: SimplePeer.Instance) {
    const internals = peer as unknown as SimplePeerInternals;
    // The initiator's channel exists already; the answerer's arrives with 'datachannel',
    // after simple-peer's own handler has set it up.
    if (internals._channel) this.take(internals._channel);
    else internals._pc?.addEventListener('datachannel', ({ channel }) => this.take(channel));
  }

  deliverTo(sink: ((bytes: Uint8Array) => void) | null): void {
    this.sink = sink;
    if (!sink) return;
    const held = this.held;
    this.held = [];
    for (const bytes of held) sink(bytes);
  }

  private take(channel: RTCDataChannel): void {
    channel.binaryType = 'arraybuffer';
    channel.onmessage = ({ data }: MessageEvent) => {
      // Text is not part of the protocol: as bytes, the engine's decoder refuses it.
      const bytes =
        data instanceof ArrayBuffer ? new Uint8Array(data) : new TextEncoder().encode(String(data));
      if (this.sink) this.sink(bytes);
      else if (this.held.length < MAX_EARLY_MESSAGES) this.held.push(bytes);
    };
  }
}

/**
 * How long close() waits for the channel to close in order, after what was
 * queued before it (a goodbye behind up to a high-water mark of pieces: 1 MiB,
 * a second or more to a slow peer), before tearing the connection down anyway.
 */
export const CLOSE_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Most messages held before the engine listens. The engine attaches within the
 * same task as 'connect'; this only bounds a peer that floods that moment.
 */
const MAX_EARLY_MESSAGES = 64;

/** simple-peer's internals we reach into: it exposes no bufferedamountlow event of its own. */
interface SimplePeerInternals {
  _channel?: RTCDataChannel | null;
  _pc?: RTCPeerConnection | null;
}

/** The RTCPeerConnection inside a simple-peer instance (to ask the browser what it negotiated). */
export function peerConnectionOf(peer: SimplePeer.Instance): RTCPeerConnection | null {
  return (peer as unknown as SimplePeerInternals)._pc ?? null;
}

type Listener<K extends keyof TransportEvents> = (...args: TransportEvents[K]) => void;

export class SimplePeerTransport implements Transport {
  readonly lowWaterMark = TRANSPORT_LOW_WATER_MARK;
  readonly fingerprints: { local: string; remote: string };
  readonly remoteAddress: string | undefined;
  private readonly listeners: { [K in keyof TransportEvents]: Set<Listener<K>> } = {
    data: new Set(),
    drain: new Set(),
    close: new Set(),
  };
  private readonly channel: RTCDataChannel;
  private closed = false;

  /**
   * Wrap a simple-peer instance that has emitted 'connect', with the tap set on
   * it at creation and what inspectConnection found out about it.
   */
  constructor(
    private readonly peer: SimplePeer.Instance,
    private readonly tap: MessageTap,
    negotiated: NegotiatedConnection,
  ) {
    const channel = (peer as unknown as SimplePeerInternals)._channel;
    if (!channel) throw new Error('SimplePeerTransport needs a connected peer');
    this.channel = channel;
    this.fingerprints = negotiated.fingerprints;
    this.remoteAddress = negotiated.remoteAddress;
    channel.bufferedAmountLowThreshold = TRANSPORT_LOW_WATER_MARK;
    channel.addEventListener('bufferedamountlow', this.onDrain);
    peer.on('close', this.onClose);
    peer.on('error', this.onError);
  }

  get bufferedAmount(): number {
    return this.closed ? 0 : this.channel.bufferedAmount;
  }

  send(bytes: Uint8Array): void {
    if (this.closed) return;
    this.peer.send(bytes);
  }

  on<K extends keyof TransportEvents>(event: K, listener: Listener<K>): void {
    this.listeners[event].add(listener);
    // The tap holds messages until someone listens; then they flow, in order.
    if (event === 'data' && !this.closed) this.tap.deliverTo(this.onData);
  }

  off<K extends keyof TransportEvents>(event: K, listener: Listener<K>): void {
    this.listeners[event].delete(listener);
  }

  /**
   * Closes the data channel in order: the browser sends what is queued (a
   * goodbye, say) and then resets the stream, which the other side sees only
   * after it has read everything before it; then the connection is torn down.
   * Tearing down as soon as bufferedAmount reached 0 lost goodbyes: data that
   * has left the buffer may not have reached the peer yet.
   */
  close(): void {
    if (this.closed) return;
    this.finish();
    const destroy = () => this.peer.destroy();
    if (this.channel.readyState !== 'open') return destroy();
    const timer = setTimeout(destroy, CLOSE_FLUSH_TIMEOUT_MS);
    this.channel.addEventListener(
      'close',
      () => {
        clearTimeout(timer);
        destroy();
      },
      { once: true },
    );
    this.channel.close();
  }

  private readonly onData = (data: Uint8Array): void => {
    for (const listener of this.listeners.data) listener(data);
  };

  private readonly onDrain = (): void => {
    for (const listener of this.listeners.drain) listener();
  };

  private readonly onClose = (): void => this.finish();

  private readonly onError = (error: Error): void => this.finish(error);

  private finish(cause?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.removeEventListener('bufferedamountlow', this.onDrain);
    this.tap.deliverTo(null);
    for (const listener of this.listeners.close) listener(cause);
  }
}
