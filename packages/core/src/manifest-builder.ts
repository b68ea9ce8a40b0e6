// Builds a share's manifest: reads the files one piece at a time, hashes each
// piece, adds fresh salt, and derives the share id from the canonical encoding.
import { encodeManifest, type Manifest } from '@shoal/protocol';
import { ShoalError, throwIfAborted } from './errors.ts';
import { webCryptoSha256 } from './hashing.ts';
import { shareIdOf } from './ids.ts';
import type { FileSource, Sha256 } from './interfaces.ts';
import { ShareLayout } from './layout.ts';
import { choosePieceSize } from './piece-size.ts';
import { readPieceFromSources } from './piece-reader.ts';

/**
 * Salt per manifest: 32 random bytes, twice MIN_SALT_BYTES, so a share id stays
 * unguessable even when everyone knows the file.
 */
export const SALT_BYTES = 32;

export interface BuildProgress {
  hashedBytes: number;
  totalBytes: number;
  hashedPieces: number;
  pieceCount: number;
}

export interface BuildManifestOptions {
  /** Defaults to WebCrypto; the browser may pass one backed by a Web Worker. */
  sha256?: Sha256;
  /** Defaults to crypto.getRandomValues; tests inject a fixed one. */
  randomBytes?: (length: number) => Uint8Array;
  /** Overrides choosePieceSize (must be a power of two within protocol bounds). */
  pieceSize?: number;
  signal?: AbortSignal;
  /** Called after every hashed piece. */
  onProgress?: (progress: BuildProgress) => void;
}

export interface BuiltShare {
  manifest: Manifest;
  /** Canonical encoding: what peers exchange and what the share id hashes. */
  manifestBytes: Uint8Array;
  shareId: Uint8Array;
}

const defaultRandomBytes = (length: number) =>
  globalThis.crypto.getRandomValues(new Uint8Array(length));

export async function buildManifest(
  sources: readonly FileSource[],
  options: BuildManifestOptions = {},
): Promise<BuiltShare> {
  const sha256 = options.sha256 ?? webCryptoSha256;
  const { signal } = options;
  throwIfAborted(signal);
  for (const source of sources) checkSource(source);
  const files = sources.map(({ path, size, mimeType }) => ({ path, size, mimeType }));
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const pieceSize = options.pieceSize ?? choosePieceSize(total);
  const layout = new ShareLayout(files, pieceSize);

  const pieceHashes: Uint8Array[] = [];
  let hashedBytes = 0;
  for (let index = 0; index < layout.pieceCount; index++) {
    const piece = await readPieceFromSources(sources, layout, index);
    throwIfAborted(signal);
    pieceHashes.push(await sha256(piece));
    throwIfAborted(signal);
    hashedBytes += piece.length;
    options.onProgress?.({
      hashedBytes,
      totalBytes: total,
      hashedPieces: index + 1,
      pieceCount: layout.pieceCount,
    });
  }

  const salt = (options.randomBytes ?? defaultRandomBytes)(SALT_BYTES);
  const manifest: Manifest = { salt, pieceSize, files, pieceHashes };
  const manifestBytes = encodeManifest(manifest);
  return { manifest, manifestBytes, shareId: await shareIdOf(manifestBytes, sha256) };
}

function checkSource(source: FileSource): void {
  const { path, size } = source;
  const bad =
    !Number.isSafeInteger(size) || size < 0
      ? 'size is not a non-negative safe integer'
      : path === '' || path.startsWith('/') || path.split('/').some((p) => p === '..' || p === '')
        ? 'path must be relative, without empty or ".." segments'
        : undefined;
  if (bad !== undefined) throw new ShoalError('invalid-source', `${JSON.stringify(path)}: ${bad}`);
}
