// What the browser itself says about a connection once its data channel is
// open: the certificate DTLS accepted, and where the peer's packets come from.
// The SDP text is what the signaling server relayed; these are what happened.
import { sdpFingerprint } from '@shoal/protocol';
import { candidateOf, selectedCandidatePair, type StatsReportLike } from './connection-route.ts';

/** A connection the swarm may take: the fingerprints its proof binds, the peer's address. */
export interface NegotiatedConnection {
  fingerprints: { local: string; remote: string };
  /** The peer's IP address when the browser shows it and it is not a TURN relay's. */
  remoteAddress: string | undefined;
}

export type Inspection =
  { ok: true; connection: NegotiatedConnection } | { ok: false; problem: string };

/** WebCrypto's name for each hash function an SDP fingerprint may use (see sdpFingerprint). */
const DIGESTS: Readonly<Record<string, string>> = {
  'sha-256': 'SHA-256',
  'sha-384': 'SHA-384',
  'sha-512': 'SHA-512',
};

/**
 * Reads both fingerprints from the applied descriptions (exactly one each),
 * checks that the certificate DTLS negotiated is the remote one, and finds
 * the peer's address. A connection whose certificate is not the one its proof
 * would cover is refused: its proof would bind nothing.
 */
export async function inspectConnection(pc: RTCPeerConnection): Promise<Inspection> {
  const local = sdpFingerprint(pc.localDescription?.sdp ?? '');
  const remote = sdpFingerprint(pc.remoteDescription?.sdp ?? '');
  if (!local.ok) return { ok: false, problem: `our description: ${local.error.message}` };
  if (!remote.ok) return { ok: false, problem: `their description: ${remote.error.message}` };
  const negotiated = await negotiatedFingerprint(pc, remote.value.split(' ')[0]!);
  if (negotiated !== undefined && negotiated !== remote.value) {
    return { ok: false, problem: 'DTLS accepted a certificate their description does not name' };
  }
  return {
    ok: true,
    connection: {
      fingerprints: { local: local.value, remote: remote.value },
      remoteAddress: await remoteAddressOf(pc),
    },
  };
}

/**
 * The fingerprint ("sha-256 AB:…") of the certificate DTLS accepted, from
 * RTCDtlsTransport.getRemoteCertificates() (Chromium and Firefox both have
 * it) or else from getStats(); undefined where the browser tells neither.
 */
async function negotiatedFingerprint(
  pc: RTCPeerConnection,
  algorithm: string,
): Promise<string | undefined> {
  const transport = pc.sctp?.transport as
    (RTCDtlsTransport & { getRemoteCertificates?: () => ArrayBuffer[] }) | undefined;
  const certificate = transport?.getRemoteCertificates?.()[0];
  if (certificate !== undefined) return certificateFingerprint(certificate, algorithm);
  const stats = await pc.getStats();
  for (const report of stats.values() as IterableIterator<Record<string, unknown>>) {
    if (report.type !== 'transport' || typeof report.remoteCertificateId !== 'string') continue;
    const remote = stats.get(report.remoteCertificateId) as
      { fingerprint?: string; fingerprintAlgorithm?: string } | undefined;
    if (remote?.fingerprint && remote.fingerprintAlgorithm) {
      return `${remote.fingerprintAlgorithm.toLowerCase()} ${remote.fingerprint.toUpperCase()}`;
    }
  }
  return undefined;
}

/**
 * A DER certificate's fingerprint as SDP writes it ("sha-256 AB:CD:…"), or
 * undefined for a hash function sdpFingerprint does not accept.
 */
export async function certificateFingerprint(
  der: ArrayBuffer,
  algorithm: string,
): Promise<string | undefined> {
  const digest = DIGESTS[algorithm];
  if (digest === undefined) return undefined;
  const hash = new Uint8Array(await crypto.subtle.digest(digest, der));
  const hex = Array.from(hash, (b) => b.toString(16).padStart(2, '0').toUpperCase());
  return `${algorithm} ${hex.join(':')}`;
}

/**
 * The remote address of the candidate pair in use. Undefined when the browser
 * hides it (an mDNS host candidate) or when it is a TURN relay's, which
 * everyone the relay serves shares: banning it would ban them all.
 */
async function remoteAddressOf(pc: RTCPeerConnection): Promise<string | undefined> {
  const stats: StatsReportLike = await pc.getStats();
  const pair = selectedCandidatePair(stats);
  const candidate = pair === undefined ? undefined : candidateOf(stats, pair, 'remote');
  if (candidate === undefined || candidate.candidateType === 'relay') return undefined;
  const address: unknown = candidate.address ?? candidate.ip;
  return typeof address === 'string' && address !== '' && !address.endsWith('.local')
    ? address
    : undefined;
}
