/** Why a manifest did not decode or validate. Stable codes: the UI maps them to messages. */
export const MANIFEST_ERROR_CODES = [
  /** More than MAX_MANIFEST_BYTES. */
  'too-large',
  /** The bytes end before the manifest does. */
  'truncated',
  /** Bytes follow the last piece hash. */
  'trailing-bytes',
  /** Does not start with 'SHOALMF'. */
  'bad-magic',
  /** A manifest version we do not read. */
  'unsupported-version',
  /** Salt shorter than MIN_SALT_BYTES or longer than MAX_SALT_BYTES. */
  'bad-salt',
  /** Piece size not a power of two within MIN/MAX_PIECE_SIZE_LOG2. */
  'bad-piece-size',
  /** No files, or more than MAX_FILES. */
  'bad-file-count',
  /** A path that is not a safe relative path (see validatePath). */
  'bad-path',
  /** A path that is not well-formed UTF-8. */
  'bad-utf8',
  /** The same path twice. */
  'duplicate-path',
  /** A path that is both a file and a folder of another file ('a' and 'a/b'). */
  'path-conflict',
  /** A file size, or the total, that is negative, fractional or past MAX_SAFE_INTEGER. */
  'bad-size',
  /** A MIME type longer than MAX_MIME_BYTES or not printable ASCII. */
  'bad-mime',
  /** Piece count not ceil(total / pieceSize), or more than MAX_PIECE_COUNT. */
  'bad-piece-count',
  /** A piece hash that is not HASH_BYTES long. */
  'bad-hash',
] as const;
export type ManifestErrorCode = (typeof MANIFEST_ERROR_CODES)[number];

export interface ManifestError {
  code: ManifestErrorCode;
  /** Short, human, for logs; never parsed. */
  message: string;
  /** The offending path, for path errors, so the UI can name the file. */
  path?: string;
}

export function manifestError(
  code: ManifestErrorCode,
  message: string,
  path?: string,
): ManifestError {
  return path === undefined ? { code, message } : { code, message, path };
}

/** Thrown by encodeManifest for a manifest that validateManifest would refuse. */
export class InvalidManifestError extends RangeError {
  override readonly name = 'InvalidManifestError';
  constructor(readonly error: ManifestError) {
    super(`invalid manifest (${error.code}): ${error.message}`);
  }
}
