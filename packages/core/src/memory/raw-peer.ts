// A peer driven frame by frame, for tests that play a hostile or broken peer.
import { decodeFrame, encodeFrame, WIRE_VERSION, type Frame } from '@shoal/protocol';
import { makeProof } from '../auth.ts';
import { authKeyOf } from '../ids.ts';
import type { Clock, Sha256 } from '../interfaces.ts';
import type { AddPeerResult, Swarm } from '../swarm.ts';
import { createTransportPair, type MemoryTransport } from './memory-transport.ts';

export interface RawPeer {
  /** Our end of the link. */
  transport: MemoryTransport;
  /** Every frame the swarm sent us, decoded. */
  received: Frame[];
  result: AddPeerResult;
  send(frame: Frame): void;
  /** Sends bytes as they are, valid or not. */
  sendBytes(bytes: Uint8Array): void;
  /** Whether the swarm closed the link. */
  readonly closed: boolean;
}

export interface RawPeerOptions {
  clock: Clock;
  sha256: Sha256;
  /** The share id our proof claims to know; a wrong one fails authentication. */
  shareId: Uint8Array;
  version?: number;
  bandwidth?: number;
  latency?: number;
  /** Send no hello (to test what happens before one). */
  silent?: boolean;
  /**
   * The fingerprints each end reports, [ours, the swarm's]: what a man in the
   * middle can make a browser believe. Distinct per peer by default.
   */
  fingerprints?: [string, string];
  /** The address the swarm sees us at (see Transport.remoteAddress). */
  address?: string;
}

/** Connects a hand-driven peer `peerId` to `swarm` and sends its hello. */
export async function connectRawPeer(
  swarm: Swarm,
  peerId: string,
  options: RawPeerOptions,
): Promise<RawPeer> {
  const [ours, theirs] = createTransportPair({
    clock: options.clock,
    fingerprints: options.fingerprints ?? [`fp-${peerId}`, 'fp-swarm'],
    ...(options.address === undefined ? {} : { addresses: [options.address, '192.0.2.1'] }),
    ...(options.bandwidth === undefined ? {} : { bandwidth: options.bandwidth }),
    ...(options.latency === undefined ? {} : { latency: options.latency }),
  });
  const received: Frame[] = [];
  let closed = false;
  ours.on('data', (bytes) => {
    const frame = decodeFrame(bytes);
    if (frame.ok) received.push(frame.value);
  });
  ours.on('close', () => (closed = true));
  const result = swarm.addPeer(theirs, peerId);
  if (options.silent !== true) {
    const authKey = await authKeyOf(options.shareId, options.sha256);
    const proof = await makeProof(options.sha256, authKey, ours.fingerprints);
    ours.send(encodeFrame({ type: 'hello', version: options.version ?? WIRE_VERSION, proof }));
  }
  return {
    transport: ours,
    received,
    result,
    send: (frame) => ours.send(encodeFrame(frame)),
    sendBytes: (bytes) => ours.send(bytes),
    get closed() {
      return closed;
    },
  };
}
