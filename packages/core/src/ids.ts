// Share id, room id, peer-auth key and links. The share id is the secret: it
// lives only in the URL fragment; the server sees the room id, a one-way hash of it.
import type { Sha256 } from './interfaces.ts';
import { fromBase64url, toBase64url } from './base64url.ts';
import { concatBytes, utf8 } from './bytes.ts';
import { ShoalError } from './errors.ts';
import { webCryptoSha256 } from './hashing.ts';

/** Bytes in a share id: one SHA-256. */
export const SHARE_ID_BYTES = 32;

/** Length of a share id or room id in unpadded base64url: ceil(32 * 4 / 3). */
export const ID_TEXT_LENGTH = 43;

/** Domain separators: each derivation hashes a different prefix so no two can collide. */
const ROOM_DOMAIN = utf8('shoal/room/v1\0');
const AUTH_DOMAIN = utf8('shoal/auth/v1\0');

/** Share id: SHA-256 of the canonical manifest encoding. */
export function shareIdOf(manifestBytes: Uint8Array, sha256: Sha256 = webCryptoSha256) {
  return sha256(manifestBytes);
}

/** Room id for the signaling server: base64url(SHA-256("shoal/room/v1\0" || shareId)), 43 chars. */
export async function roomIdOf(shareId: Uint8Array, sha256: Sha256 = webCryptoSha256) {
  return toBase64url(await sha256(concatBytes(ROOM_DOMAIN, shareId)));
}

/** Key for peer proofs: SHA-256("shoal/auth/v1\0" || shareId). Never sent anywhere. */
export function authKeyOf(shareId: Uint8Array, sha256: Sha256 = webCryptoSha256) {
  return sha256(concatBytes(AUTH_DOMAIN, shareId));
}

/** `${origin}/#${shareId}`: browsers never send the fragment to a server. */
export function formatLink(origin: string, shareId: Uint8Array): string {
  return `${origin.replace(/\/+$/, '')}/#${toBase64url(shareId)}`;
}

/**
 * The share id in a link, a bare fragment ('#…') or a bare id. Throws
 * ShoalError 'malformed-link' unless it is exactly 43 base64url characters.
 */
export function parseLink(link: string): Uint8Array {
  const hash = link.indexOf('#');
  const fragment = hash === -1 ? link : link.slice(hash + 1);
  if (fragment.length !== ID_TEXT_LENGTH || !/^[A-Za-z0-9_-]+$/.test(fragment)) {
    throw new ShoalError('malformed-link', 'The link does not end in a 43-character share id');
  }
  try {
    return fromBase64url(fragment);
  } catch (cause) {
    throw new ShoalError('malformed-link', 'The share id in the link is not canonical base64url', {
      cause,
    });
  }
}
