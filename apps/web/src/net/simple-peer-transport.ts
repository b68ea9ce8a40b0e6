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
 * How long close() lingers once the queue is empty before tearing down, unless
 * the peer hangs up first (it does, once it reads our goodbye). An empty
 * bufferedAmount means the data went to SCTP, not that it arrived: tearing
 * down at once lost goodbyes. 500 ms covers a round trip and the ack on any
 * path a browser would keep.
 */
export const CLOSE_LINGER_MS = 500;

/**
 * Longest close() waits in all: a goodbye behind a high-water mark of pieces
 * (half a second of the peer's rate, and at least 1 MiB) takes a second or
 * more to a slow peer.
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

  /** The channel's own threshold: 'bufferedamountlow' is our 'drain'. */
  get lowWaterMark(): number {
    return this.channel.bufferedAmountLowThreshold;
  }

  set lowWaterMark(bytes: number) {
    this.channel.bufferedAmountLowThreshold = bytes;
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
   * Closes once what is queued (a goodbye, say) has had time to arrive: the
   * queue drained and CLOSE_LINGER_MS more, or the peer hung up, or
   * CLOSE_FLUSH_TIMEOUT_MS in all. (Closing the data channel itself instead, so
   * that its stream reset follows the data, lost goodbyes to Node's libwebrtc.)
   */
  close(): void {
    if (this.closed) return;
    this.finish();
    const channel = this.channel;
    if (channel.readyState !== 'open') return this.peer.destroy();
    const timers: ReturnType<typeof setTimeout>[] = [];
    const destroy = () => {
      for (const timer of timers) clearTimeout(timer);
      channel.removeEventListener('bufferedamountlow', linger);
      this.peer.destroy();
    };
    const linger = () => {
      if (channel.bufferedAmount === 0) timers.push(setTimeout(destroy, CLOSE_LINGER_MS));
    };
    timers.push(setTimeout(destroy, CLOSE_FLUSH_TIMEOUT_MS));
    this.peer.once('close', destroy);
    channel.bufferedAmountLowThreshold = 0;
    channel.addEventListener('bufferedamountlow', linger, { once: true });
    linger();
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
