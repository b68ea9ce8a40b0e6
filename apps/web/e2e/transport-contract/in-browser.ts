// Bundled into a page by transport-contract.spec.ts: core's Transport contract,
// run against the app's own simple-peer transport, two real data channels in
// one Chromium, wired the way room-connector.ts wires them.
import type { Transport } from '@shoal/core';
import { runTransportContract, type ContractResult } from '@shoal/core/testing';
import { inspectConnection } from '../../src/net/negotiated-connection.ts';
import { SimplePeer, type SimplePeerInstance } from '../../src/net/simple-peer.ts';
import {
  MessageTap,
  peerConnectionOf,
  SimplePeerTransport,
} from '../../src/net/simple-peer-transport.ts';

/** Longest a check waits for what it expects on a loopback data channel. */
const WAIT_LIMIT_MS = 20_000;
/** How often waitFor looks again. */
const POLL_MS = 10;

const connected = (peer: SimplePeerInstance) =>
  new Promise<void>((resolve, reject) => {
    peer.once('connect', () => resolve());
    peer.once('error', reject);
  });

async function transportOf(peer: SimplePeerInstance, tap: MessageTap): Promise<Transport> {
  const pc = peerConnectionOf(peer);
  if (!pc) throw new Error('simple-peer has no RTCPeerConnection');
  const inspection = await inspectConnection(pc);
  if (!inspection.ok) throw new Error(inspection.problem);
  return new SimplePeerTransport(peer, tap, inspection.connection);
}

/** Two simple-peer ends signalled straight to each other (no server: host candidates only). */
async function connectedPair(): Promise<[Transport, Transport]> {
  const config = { iceServers: [] };
  const a = new SimplePeer({ initiator: true, trickle: true, config });
  const b = new SimplePeer({ initiator: false, trickle: true, config });
  const taps = [new MessageTap(a), new MessageTap(b)] as const;
  a.on('signal', (signal) => b.signal(signal));
  b.on('signal', (signal) => a.signal(signal));
  await Promise.all([connected(a), connected(b)]);
  return Promise.all([transportOf(a, taps[0]), transportOf(b, taps[1])]);
}

async function waitFor(done: () => boolean): Promise<void> {
  const until = performance.now() + WAIT_LIMIT_MS;
  while (!done()) {
    if (performance.now() > until) throw new Error(`not within ${WAIT_LIMIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

(
  window as unknown as { runTransportContract: () => Promise<ContractResult[]> }
).runTransportContract = () =>
  runTransportContract({
    makePair: connectedPair,
    waitFor,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
