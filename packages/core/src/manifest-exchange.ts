// Getting the manifest from a peer: reassemble its slices, then accept it only
// if it hashes to the share id and decodes.
import {
  decodeManifest,
  MAX_BLOCK_BYTES,
  MAX_MANIFEST_BYTES,
  type Frame,
  type Manifest,
} from '@shoal/protocol';
import { constantTimeEqual } from './bytes.ts';
import type { Sha256 } from './interfaces.ts';

type ManifestFrame = Extract<Frame, { type: 'manifest' }>;

/** The canonical slices of a manifest: MAX_BLOCK_BYTES each from offset 0, the last shorter. */
export function manifestSlices(bytes: Uint8Array): ManifestFrame[] {
  const frames: ManifestFrame[] = [];
  for (let offset = 0; offset < bytes.length; offset += MAX_BLOCK_BYTES) {
    const data = bytes.subarray(offset, offset + MAX_BLOCK_BYTES);
    frames.push({ type: 'manifest', totalBytes: bytes.length, offset, data });
  }
  return frames;
}

/**
 * Collects one peer's manifest slices, which must come in order (the sender
 * sends them in order on an ordered channel). Memory is allocated once, for
 * the declared total, which the decoder already capped at MAX_MANIFEST_BYTES.
 */
export class ManifestAssembly {
  #bytes: Uint8Array | null = null;
  #received = 0;

  /** The whole manifest once the last slice is in, 'more' before, 'invalid' on any inconsistency. */
  add(frame: ManifestFrame): Uint8Array | 'more' | 'invalid' {
    if (frame.totalBytes > MAX_MANIFEST_BYTES) return 'invalid';
    this.#bytes ??= new Uint8Array(frame.totalBytes);
    if (frame.totalBytes !== this.#bytes.length || frame.offset !== this.#received)
      return 'invalid';
    if (frame.offset + frame.data.length > this.#bytes.length) return 'invalid';
    this.#bytes.set(frame.data, frame.offset);
    this.#received += frame.data.length;
    return this.#received === this.#bytes.length ? this.#bytes : 'more';
  }
}

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
