// Fills in core's Transport with one simple-peer connection (one ordered data channel).
import type { Transport, TransportEvents } from '@shoal/core';
import type SimplePeer from 'simple-peer';
import { sdpFingerprint } from './sdp-fingerprint.ts';

/**
 * 'drain' fires when the channel's queue falls to this. Low enough that a burst
 * refills it before the SCTP queue runs dry, high enough not to wake per message.
 */
export const LOW_WATER_MARK_BYTES = 256 * 1024;

/** simple-peer's internals we reach into: it exposes no bufferedamountlow event of its own. */
interface SimplePeerInternals {
  _channel?: RTCDataChannel | null;
  _pc?: RTCPeerConnection | null;
}

type Listener<K extends keyof TransportEvents> = (...args: TransportEvents[K]) => void;

export class SimplePeerTransport implements Transport {
  readonly lowWaterMark = LOW_WATER_MARK_BYTES;
  readonly fingerprints: { local: string; remote: string };
  private readonly listeners: { [K in keyof TransportEvents]: Set<Listener<K>> } = {
    data: new Set(),
    drain: new Set(),
    close: new Set(),
  };
  private readonly channel: RTCDataChannel;
  private closed = false;

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
    channel.bufferedAmountLowThreshold = LOW_WATER_MARK_BYTES;
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
  }

  off<K extends keyof TransportEvents>(event: K, listener: Listener<K>): void {
    this.listeners[event].delete(listener);
  }

  close(): void {
    this.peer.destroy();
    this.finish();
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
    this.peer.off('data', this.onData);
    for (const listener of this.listeners.close) listener(cause);
  }
}
