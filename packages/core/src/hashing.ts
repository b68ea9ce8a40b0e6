// SHA-256 and HMAC-SHA-256. The default runs on WebCrypto (browsers and Node 20);
// the browser may inject a Sha256 backed by a Web Worker instead.
import type { Sha256 } from './interfaces.ts';
import { concatBytes } from './bytes.ts';

/** SHA-256's block size in bytes, which HMAC pads its key to (RFC 2104). */
const SHA256_BLOCK_BYTES = 64;

/** SHA-256 on globalThis.crypto.subtle. */
export const webCryptoSha256: Sha256 = async (data) => {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return new Uint8Array(digest);
};

/**
 * HMAC-SHA-256 (RFC 2104) over an injected Sha256, so that proofs use the same
 * hash as everything else (and run on the simulated clock in tests).
 */
export async function hmacSha256(
  sha256: Sha256,
  key: Uint8Array,
  message: Uint8Array,
): Promise<Uint8Array> {
  const block = new Uint8Array(SHA256_BLOCK_BYTES);
  block.set(key.length > SHA256_BLOCK_BYTES ? await sha256(key) : key);
  const inner = new Uint8Array(SHA256_BLOCK_BYTES);
  const outer = new Uint8Array(SHA256_BLOCK_BYTES);
  for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  const innerHash = await sha256(concatBytes(inner, message));
  return sha256(concatBytes(outer, innerHash));
}
