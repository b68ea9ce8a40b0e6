// Fills in core's Transport with one simple-peer connection (one ordered data channel).
import { TRANSPORT_LOW_WATER_MARK, type Transport, type TransportEvents } from '@shoal/core';
import type SimplePeer from 'simple-peer';
import { sdpFingerprint } from './sdp-fingerprint.ts';

/** How long close() waits for queued messages (a goodbye) to leave before tearing down. */
export const CLOSE_FLUSH_TIMEOUT_MS = 1_000;

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

type Listener<K extends keyof TransportEvents> = (...args: TransportEvents[K]) => void;

export class SimplePeerTransport implements Transport {
  readonly lowWaterMark = TRANSPORT_LOW_WATER_MARK;
  readonly fingerprints: { local: string; remote: string };
  private readonly listeners: { [K in keyof TransportEvents]: Set<Listener<K>> } = {
    data: new Set(),
    drain: new Set(),
    close: new Set(),
  };
  private readonly channel: RTCDataChannel;
  private closed = false;
  /** Messages that arrived before anyone listened: held, not dropped (a peer's hello may come first). */
  private early: Uint8Array[] = [];

  /** Wrap a simple-peer instance that has emitted 'connect'. */
  constructor(private readonly peer: SimplePeer.Instance) {
    const internals = peer as unknown as SimplePeerInternals;
    const channel = internals._channel;
    const pc = internals._pc;
    if (!channel || !pc) throw new Error('SimplePeerTransport needs a connected peer');
    this.channel = channel;
    this.fingerprints = {
      local: sdpFingerprint(pc.localDescription?.sdp) ?? '',
      remote: sdpFingerprint(pc.remoteDescription?.sdp) ?? '',
    };
    channel.bufferedAmountLowThreshold = TRANSPORT_LOW_WATER_MARK;
    channel.addEventListener('bufferedamountlow', this.onDrain);
    peer.on('data', this.onData);
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
    if (event === 'data' && this.early.length > 0) {
      const held = this.early;
      this.early = [];
      for (const bytes of held) (listener as Listener<'data'>)(bytes);
    }
  }

  off<K extends keyof TransportEvents>(event: K, listener: Listener<K>): void {
    this.listeners[event].delete(listener);
  }

  /** Closes after what is queued (a goodbye, say) has gone out, or after CLOSE_FLUSH_TIMEOUT_MS. */
  close(): void {
    if (this.closed) return;
    this.finish();
    const destroy = () => this.peer.destroy();
    if (this.channel.readyState !== 'open' || this.channel.bufferedAmount === 0) return destroy();
    const timer = setTimeout(destroy, CLOSE_FLUSH_TIMEOUT_MS);
    this.channel.bufferedAmountLowThreshold = 0;
    this.channel.addEventListener(
      'bufferedamountlow',
      () => {
        clearTimeout(timer);
        destroy();
      },
      { once: true },
    );
  }

  private readonly onData = (data: Uint8Array): void => {
    if (this.listeners.data.size === 0) {
      if (this.early.length < MAX_EARLY_MESSAGES) this.early.push(data);
      return;
    }
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
    this.peer.off('data', this.onData);
    for (const listener of this.listeners.close) listener(cause);
  }
}
