// Accepting a manifest from a peer: only if it hashes to the share id and decodes.
// (Cutting it into frames and putting it back together: protocol's
// splitManifest and ManifestAssembler.)
import { decodeManifest, type Manifest } from '@shoal/protocol';
import { constantTimeEqual } from './bytes.ts';
import type { Sha256 } from './interfaces.ts';

/** The manifest if `bytes` hash to `shareId` and decode; undefined otherwise. */
export async function acceptManifest(
  bytes: Uint8Array,
  shareId: Uint8Array,
  sha256: Sha256,
): Promise<Manifest | undefined> {
  if (!constantTimeEqual(await sha256(bytes), shareId)) return undefined;
  const decoded = decodeManifest(bytes);
  return decoded.ok ? decoded.value : undefined;
}
