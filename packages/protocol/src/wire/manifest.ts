// The manifest describes a share. Its canonical binary encoding is hashed to make
// the share id, so a downloader can check a manifest it got from a stranger.

/** Fewest random bytes in a manifest, so that its share id cannot be guessed even for a well-known file. */
export const MIN_SALT_BYTES = 16;

/**
 * Most salt bytes. Salt only needs to be unguessable; a cap keeps a hostile manifest
 * from hiding bulk data in it. Encoded with a u8 length.
 */
export const MAX_SALT_BYTES = 64;

/** Piece sizes are powers of two between these: 256 KiB .. 16 MiB. */
export const MIN_PIECE_SIZE_LOG2 = 18;
export const MAX_PIECE_SIZE_LOG2 = 24;

/** Largest piece, in bytes; also the bound on `begin + length` in request frames. */
export const MAX_PIECE_SIZE = 2 ** MAX_PIECE_SIZE_LOG2;

/** First bytes of every canonical manifest: ASCII 'SHOALMF', so stray bytes never parse as one. */
export const MANIFEST_MAGIC: readonly number[] = [0x53, 0x48, 0x4f, 0x41, 0x4c, 0x4d, 0x46];

/** Byte after the magic. Bumped when the layout changes; a new version makes a new share id. */
export const MANIFEST_VERSION = 1;

/** Most files in one share. */
export const MAX_FILES = 100_000;

/** Longest relative path, in UTF-8 bytes. Encoded with a u16 length. */
export const MAX_PATH_BYTES = 4096;

/** Longest MIME type, in bytes. Encoded with a u8 length; printable ASCII only. */
export const MAX_MIME_BYTES = 255;

export interface ManifestFile {
  /** Relative path with '/' separators; folders keep their structure. Never absolute, never '..'. */
  path: string;
  /** Bytes; at most Number.MAX_SAFE_INTEGER. */
  size: number;
  /** MIME type as the browser reported it; '' when unknown. */
  mimeType: string;
}

export interface Manifest {
  /** Random bytes (≥ MIN_SALT_BYTES) that make the share id unguessable. */
  salt: Uint8Array;
  /** Bytes per piece, a power of two; the last piece may be shorter. */
  pieceSize: number;
  /** Files in order. Pieces cover their concatenation; zero-byte files take no bytes. */
  files: ManifestFile[];
  /** SHA-256 of every piece, in order: ceil(totalSize / pieceSize) of them. */
  pieceHashes: Uint8Array[];
}
