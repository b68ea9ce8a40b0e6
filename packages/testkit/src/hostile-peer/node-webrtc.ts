// simple-peer on Node's WebRTC stack (@roamhq/wrtc): the same library the browser
// app dials with, given `wrtc` so it runs outside a browser (simple-peer's opts.wrtc).
import { createRequire } from 'node:module';
import { sdpFingerprint } from '@shoal/protocol';

const require = createRequire(import.meta.url);

/** The parts of a simple-peer instance the hostile peer uses. */
export interface NodePeer {
  signal(data: unknown): void;
  send(bytes: Uint8Array): void;
  destroy(): void;
  on(event: 'signal', listener: (data: Record<string, unknown>) => void): void;
  on(event: 'connect', listener: () => void): void;
  on(event: 'data', listener: (bytes: Uint8Array) => void): void;
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  readonly destroyed: boolean;
  /** simple-peer internals: the SDPs carry the DTLS fingerprints a proof is bound to. */
  readonly _pc?: {
    localDescription: { sdp: string } | null;
    remoteDescription: { sdp: string } | null;
  } | null;
  readonly _channel?: { bufferedAmount: number } | null;
}

type SimplePeerConstructor = new (options: Record<string, unknown>) => NodePeer;

const SimplePeer = require('simple-peer') as SimplePeerConstructor;
const wrtc = require('@roamhq/wrtc') as unknown;

export function createNodePeer(initiator: boolean): NodePeer {
  // No STUN or TURN: every peer in a test runs on this machine.
  return new SimplePeer({ initiator, trickle: true, wrtc, config: { iceServers: [] } });
}

/**
 * Both fingerprints of a connected peer, ours first, read by the same rules as
 * the web app's (protocol's sdpFingerprint), so both ends bind proofs to the same strings.
 */
export function fingerprintsOf(peer: NodePeer): { local: string; remote: string } {
  const read = (sdp: string | undefined) => {
    const fingerprint = sdpFingerprint(sdp ?? '');
    return fingerprint.ok ? fingerprint.value : '';
  };
  return {
    local: read(peer._pc?.localDescription?.sdp),
    remote: read(peer._pc?.remoteDescription?.sdp),
  };
}

/**
 * Whether a trickled ICE candidate is on `address`. The hostile peer offers
 * only those: its namespace's own address, never the namespace's loopback
 * (which, seen from the browsers, would be this machine's).
 */
export function isCandidateOn(signal: Record<string, unknown>, address: string): boolean {
  const candidate = signal.candidate as { candidate?: unknown } | undefined;
  const line = typeof candidate?.candidate === 'string' ? candidate.candidate : '';
  // candidate:<foundation> <component> <protocol> <priority> <address> <port> typ <type>
  return line.split(' ')[4] === address;
}
