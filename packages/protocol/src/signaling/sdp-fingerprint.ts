// The DTLS certificate fingerprint an SDP offer or answer commits to. Peer
// proofs are bound to it, so it must name exactly one certificate: Firefox's
// DTLS accepts a certificate that matches *any* fingerprint the remote SDP
// lists, so a relaying signaling server that adds a line of its own (the
// victim's own fingerprint first, the attacker's second) would otherwise bind
// the proof to a certificate the connection never used.
import { err, ok, type Result } from '../result.ts';

export const SDP_FINGERPRINT_ERROR_CODES = [
  /** No a=fingerprint line at all: nothing to bind a proof to. */
  'no-fingerprint',
  /** Two or more different fingerprints, at session or media level, in any m-section. */
  'several-fingerprints',
  /** A line that names a fingerprint but not in the form browsers write. */
  'malformed-fingerprint',
] as const;
export type SdpFingerprintErrorCode = (typeof SDP_FINGERPRINT_ERROR_CODES)[number];

export interface SdpFingerprintError {
  code: SdpFingerprintErrorCode;
  message: string;
}

/**
 * Hash functions we accept, with their digest length in bytes. Every browser
 * writes sha-256 today (RFC 8827 requires it); sha-1 and md5 are too weak to
 * name a certificate.
 */
const DIGEST_BYTES: Readonly<Record<string, number>> = {
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
};

/** Any attribute line that a lenient parser might read as a fingerprint. */
const LOOKS_LIKE_FINGERPRINT = /^\s*a\s*=\s*fingerprint\s*:/i;

/** RFC 8122: a=fingerprint:<hash-func> <hex pairs joined by ':'>, nothing else on the line. */
const FINGERPRINT_LINE = /^a=fingerprint:([A-Za-z0-9-]+) ((?:[0-9A-Fa-f]{2}:)*[0-9A-Fa-f]{2})$/;

const fail = (code: SdpFingerprintErrorCode, message: string) => err({ code, message });

/**
 * The one certificate fingerprint of `sdp`, normalised as "sha-256 AB:CD:…"
 * (algorithm in lower case, hex in upper case). The same fingerprint may
 * repeat (one per bundled m-section); two different ones, none, or a line we
 * cannot read strictly are refused, wherever they stand (session level, any
 * m-section, rejected m-sections with port 0 included).
 */
export function sdpFingerprint(sdp: string): Result<string, SdpFingerprintError> {
  let found: string | undefined;
  for (const rawLine of sdp.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (!LOOKS_LIKE_FINGERPRINT.test(line)) continue;
    const match = FINGERPRINT_LINE.exec(line);
    const algorithm = match?.[1]?.toLowerCase() ?? '';
    const hex = match?.[2]?.toUpperCase() ?? '';
    const digestBytes = DIGEST_BYTES[algorithm];
    if (match === null || digestBytes === undefined || hex.length !== digestBytes * 3 - 1) {
      return fail(
        'malformed-fingerprint',
        `unreadable fingerprint line ${JSON.stringify(line.slice(0, 120))}`,
      );
    }
    const fingerprint = `${algorithm} ${hex}`;
    if (found !== undefined && found !== fingerprint) {
      return fail('several-fingerprints', 'the description names more than one certificate');
    }
    found = fingerprint;
  }
  if (found === undefined) return fail('no-fingerprint', 'the description names no certificate');
  return ok(found);
}
