/**
 * The DTLS certificate fingerprint from an SDP ("a=fingerprint:sha-256 AB:CD:…").
 * Peer proofs are bound to both fingerprints, so a signaling server that swaps in
 * its own certificates (a man in the middle) cannot forward a valid proof.
 */
export function sdpFingerprint(sdp: string | undefined): string | undefined {
  if (!sdp) return undefined;
  const match = /^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/m.exec(sdp);
  if (!match) return undefined;
  return `${match[1]!.toLowerCase()} ${match[2]!.toUpperCase()}`;
}
