// Valid manifests for tests: fake hashes, the right number of them.
import { HASH_BYTES } from './frames.ts';
import {
  MIN_PIECE_SIZE_LOG2,
  MIN_SALT_BYTES,
  type Manifest,
  type ManifestFile,
} from './manifest.ts';
import { pieceCount } from './manifest-math.ts';

/** The smallest piece size, so tests reach many pieces with small numbers. */
export const SMALL_PIECE = 2 ** MIN_PIECE_SIZE_LOG2;

export function fakeHash(index: number): Uint8Array {
  const hash = new Uint8Array(HASH_BYTES);
  for (let i = 0; i < HASH_BYTES; i++) hash[i] = (index * 7 + i) & 0xff;
  return hash;
}

/** A manifest over `files` with the given piece size and fake hashes. */
export function sampleManifest(
  files: readonly Partial<ManifestFile>[],
  pieceSize = SMALL_PIECE,
): Manifest {
  const full = files.map((file, i) => ({
    path: file.path ?? `file-${i}.bin`,
    size: file.size ?? 0,
    mimeType: file.mimeType ?? '',
  }));
  const total = full.reduce((sum, file) => sum + file.size, 0);
  return {
    salt: new Uint8Array(MIN_SALT_BYTES).map((_, i) => i + 1),
    pieceSize,
    files: full,
    pieceHashes: Array.from({ length: pieceCount(total, pieceSize) }, (_, i) => fakeHash(i)),
  };
}
