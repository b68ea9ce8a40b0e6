// base64url (RFC 4648 §5) without padding: what goes in links and room ids.
import { ShoalError } from './errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Map([...ALPHABET].map((char, value) => [char, value]));

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += ALPHABET[n & 63]!;
  }
  return out;
}

/** Decodes unpadded base64url; throws ShoalError 'malformed-base64url' on anything else. */
export function fromBase64url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw malformed('impossible length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const char of text) {
    const v = VALUES.get(char);
    if (v === undefined) throw malformed('character outside the base64url alphabet');
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  // Canonical form only: the unused low bits of the last character must be zero.
  if ((value & ((1 << bits) - 1)) !== 0) throw malformed('non-canonical trailing bits');
  return out;
}

function malformed(why: string): ShoalError {
  return new ShoalError('malformed-base64url', `Not base64url: ${why}`);
}
