// What the embedded STUN server answers, decided from the bytes alone: a binding
// response carrying XOR-MAPPED-ADDRESS for a well-formed binding request, and a
// drop reason for anything else. Pure (no socket); @msimerson/stun does the
// decoding and encoding.
import stun from '@msimerson/stun';
import { normalizeAddress } from './client-address.ts';

const { constants } = stun;

/**
 * Largest datagram considered at all. RFC 8489 section 6.1 keeps STUN over UDP
 * under 548 bytes where the path MTU is unknown (576, IPv4's minimum reassembly
 * size, less the IP and UDP headers). A browser's binding request to a STUN server
 * is 20 to about 100 bytes, so anything larger is not one of ours and is dropped
 * before a byte of it is parsed.
 */
export const MAX_STUN_REQUEST_BYTES = 548;

/** The fixed STUN header: type, length, magic cookie, transaction id (RFC 8489 section 5). */
export const STUN_HEADER_BYTES = 20;

/** Why a datagram got no answer, as counted in /metrics. */
export const STUN_DROP_REASONS = [
  'too-large',
  'malformed',
  'not-binding-request',
  'rate-limited-address',
  'rate-limited-global',
] as const;
export type StunDropReason = (typeof STUN_DROP_REASONS)[number];

export interface StunSource {
  /** As the socket reports it: on a dual-stack socket IPv4 comes as ::ffff:a.b.c.d. */
  address: string;
  port: number;
}

/** Drops what is too large or too small to be a STUN message, before any parsing. */
export function sizeProblem(datagram: Buffer): StunDropReason | undefined {
  if (datagram.length > MAX_STUN_REQUEST_BYTES) return 'too-large';
  if (datagram.length < STUN_HEADER_BYTES) return 'malformed';
  return undefined;
}

/**
 * The binding response to send back for `datagram` from `source`, or why there is
 * none. Answered: a binding request (class request, method binding) with the magic
 * cookie, whose length field covers exactly the rest of the datagram, and whose
 * FINGERPRINT, if it has one, is right. Everything else (indications, responses,
 * other methods, RFC 3489 messages, bytes that are not STUN) is dropped unanswered.
 *
 * The response is as small as a response can be, so that a forged source address
 * gets little reflected at it: XOR-MAPPED-ADDRESS alone (32 bytes for IPv4, 44 for
 * IPv6), plus FINGERPRINT (8 more) only when the request had one. No SOFTWARE, no
 * legacy MAPPED-ADDRESS.
 */
export function bindingResponse(
  datagram: Buffer,
  source: StunSource,
): { ok: true; response: Buffer } | { ok: false; reason: StunDropReason } {
  const drop = (reason: StunDropReason) => ({ ok: false as const, reason });
  const tooBig = sizeProblem(datagram);
  if (tooBig) return drop(tooBig);
  // The library reads as many attribute bytes as the length field says and ignores
  // any beyond them; a real message has none beyond them.
  if (datagram.readUInt16BE(2) !== datagram.length - STUN_HEADER_BYTES) return drop('malformed');
  let request;
  let fingerprinted;
  try {
    request = stun.decode(datagram);
    if (request.isLegacy()) return drop('malformed');
    if (request.type !== constants.STUN_BINDING_REQUEST) return drop('not-binding-request');
    fingerprinted = request.hasAttribute(constants.STUN_ATTR_FINGERPRINT);
    if (fingerprinted && !stun.validateFingerprint(request)) return drop('malformed');
  } catch {
    // The library throws on bytes it cannot parse, and on attributes it cannot re-encode.
    return drop('malformed');
  }
  const address = normalizeAddress(source.address);
  if (address === undefined) return drop('malformed');

  const response = stun.createMessage(constants.STUN_BINDING_RESPONSE, request.transactionId);
  response.addXorAddress(address, source.port);
  if (fingerprinted) response.addFingerprint();
  return { ok: true, response: stun.encode(response) };
}
