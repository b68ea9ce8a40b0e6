// Peer proofs: each side shows it knows the share id, bound to this very connection.
import type { Sha256 } from './interfaces.ts';
import { concatBytes, constantTimeEqual, utf8 } from './bytes.ts';
import { hmacSha256 } from './hashing.ts';

const PROOF_DOMAIN = utf8('shoal/proof/v1\0');
/** Separates the two fingerprints so that ("ab","c") and ("a","bc") prove different things. */
const SEPARATOR = new Uint8Array([0]);

export interface Fingerprints {
  local: string;
  remote: string;
}

/** HMAC-SHA-256(authKey, "shoal/proof/v1\0" || local || "\0" || remote). */
export function makeProof(sha256: Sha256, authKey: Uint8Array, fingerprints: Fingerprints) {
  const message = concatBytes(
    PROOF_DOMAIN,
    utf8(fingerprints.local),
    SEPARATOR,
    utf8(fingerprints.remote),
  );
  return hmacSha256(sha256, authKey, message);
}

/** Checks the remote's proof: it was made with the fingerprints the other way round. */
export async function verifyProof(
  sha256: Sha256,
  authKey: Uint8Array,
  fingerprints: Fingerprints,
  proof: Uint8Array,
): Promise<boolean> {
  const expected = await makeProof(sha256, authKey, {
    local: fingerprints.remote,
    remote: fingerprints.local,
  });
  return constantTimeEqual(expected, proof);
}
