// The canonical binary encoding of a manifest. Its SHA-256 is the share id, so there
// must be exactly one encoding per manifest: the decoder refuses any bytes that would
// not re-encode to themselves (trailing bytes, malformed UTF-8, unsafe integers).
//
//   magic 'SHOALMF' (7), version u8 = MANIFEST_VERSION
//   salt length u8, salt
//   log2(pieceSize) u8
//   file count u32, then per file:
//     path length u16, path (UTF-8); size u64; MIME length u8, MIME (printable ASCII)
//   piece count u32, then HASH_BYTES per piece
import {
  ByteReader,
  readSafeU64,
  utf8Decode,
  utf8Encode,
  writeU16,
  writeU32,
  writeU64,
} from './bytes.ts';
import { HASH_BYTES, MAX_MANIFEST_BYTES, MAX_PIECE_COUNT } from './frames.ts';
import {
  MANIFEST_MAGIC,
  MANIFEST_VERSION,
  MAX_FILES,
  MAX_MIME_BYTES,
  MAX_PIECE_SIZE_LOG2,
  MAX_SALT_BYTES,
  MIN_PIECE_SIZE_LOG2,
  MIN_SALT_BYTES,
  type Manifest,
  type ManifestFile,
} from './manifest.ts';
import {
  InvalidManifestError,
  manifestError,
  type ManifestError,
  type ManifestErrorCode,
} from './manifest-error.ts';
import { pieceCount } from './manifest-math.ts';
import { pathSetProblem, validatePath } from './paths.ts';
import { err, ok, type Result } from '../result.ts';

/** Bytes before the first file: magic, version, salt length, piece size, file count. */
const HEADER_BYTES = MANIFEST_MAGIC.length + 1 + 1 + 1 + 4;
/** Fewest bytes a file entry takes: path length, size, MIME length (path and MIME empty). */
const MIN_FILE_ENTRY_BYTES = 2 + 8 + 1;
/** Printable ASCII, the only bytes a MIME type may hold. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const fail = (code: ManifestErrorCode, message: string): Result<never, ManifestError> =>
  err(manifestError(code, message));

/**
 * Checks every rule of a manifest: salt, piece size, files, paths, sizes, piece count
 * and hashes, and that its encoding fits MAX_MANIFEST_BYTES. Call it on a manifest
 * built from user files before encodeManifest, to tell the user what is wrong.
 */
export function validateManifest(manifest: Manifest): Result<Manifest, ManifestError> {
  const { salt, pieceSize, files, pieceHashes } = manifest;
  if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
    return fail(
      'bad-salt',
      `salt is ${salt.length} bytes, not ${MIN_SALT_BYTES}..${MAX_SALT_BYTES}`,
    );
  }
  const log2 = Math.log2(pieceSize);
  if (
    !Number.isInteger(log2) ||
    2 ** log2 !== pieceSize ||
    log2 < MIN_PIECE_SIZE_LOG2 ||
    log2 > MAX_PIECE_SIZE_LOG2
  ) {
    return fail(
      'bad-piece-size',
      `piece size ${pieceSize} is not 2^${MIN_PIECE_SIZE_LOG2}..2^${MAX_PIECE_SIZE_LOG2}`,
    );
  }
  if (files.length < 1 || files.length > MAX_FILES) {
    return fail('bad-file-count', `${files.length} files, not 1..${MAX_FILES}`);
  }
  let total = 0;
  for (const file of files) {
    const path = validatePath(file.path);
    if (!path.ok) return path;
    if (!Number.isSafeInteger(file.size) || file.size < 0) {
      return fail(
        'bad-size',
        `size ${file.size} of ${JSON.stringify(file.path)} is not a safe integer ≥ 0`,
      );
    }
    total += file.size;
    if (!Number.isSafeInteger(total))
      return fail('bad-size', 'total size exceeds MAX_SAFE_INTEGER');
    if (file.mimeType.length > MAX_MIME_BYTES || !PRINTABLE_ASCII.test(file.mimeType)) {
      return fail(
        'bad-mime',
        `MIME type of ${JSON.stringify(file.path)} is not printable ASCII up to ${MAX_MIME_BYTES} bytes`,
      );
    }
  }
  const conflict = pathSetProblem(files.map((file) => file.path));
  if (conflict !== undefined) return err(conflict);
  const expected = pieceCount(total, pieceSize);
  if (expected > MAX_PIECE_COUNT) {
    return fail(
      'bad-piece-count',
      `${expected} pieces exceed MAX_PIECE_COUNT (${MAX_PIECE_COUNT})`,
    );
  }
  if (pieceHashes.length !== expected) {
    return fail('bad-piece-count', `${pieceHashes.length} piece hashes, expected ${expected}`);
  }
  if (pieceHashes.some((hash) => hash.length !== HASH_BYTES)) {
    return fail('bad-hash', `a piece hash is not ${HASH_BYTES} bytes`);
  }
  const length = encodedLength(
    manifest,
    files.map((file) => utf8Encode(file.path)),
  );
  if (length > MAX_MANIFEST_BYTES) {
    return fail('too-large', `manifest encodes to ${length} bytes, over ${MAX_MANIFEST_BYTES}`);
  }
  return ok(manifest);
}

function encodedLength(manifest: Manifest, paths: readonly Uint8Array[]): number {
  let length = HEADER_BYTES + manifest.salt.length + 4 + manifest.pieceHashes.length * HASH_BYTES;
  manifest.files.forEach((file, i) => {
    length += MIN_FILE_ENTRY_BYTES + (paths[i]?.length ?? 0) + file.mimeType.length;
  });
  return length;
}

/** Encodes a manifest canonically. Throws InvalidManifestError when validateManifest refuses it. */
export function encodeManifest(manifest: Manifest): Uint8Array {
  const valid = validateManifest(manifest);
  if (!valid.ok) throw new InvalidManifestError(valid.error);
  const paths = manifest.files.map((file) => utf8Encode(file.path));
  const out = new Uint8Array(encodedLength(manifest, paths));
  out.set(MANIFEST_MAGIC, 0);
  let at = MANIFEST_MAGIC.length;
  out[at++] = MANIFEST_VERSION;
  out[at++] = manifest.salt.length;
  out.set(manifest.salt, at);
  at += manifest.salt.length;
  out[at++] = Math.log2(manifest.pieceSize);
  writeU32(out, at, manifest.files.length);
  at += 4;
  manifest.files.forEach((file, i) => {
    const path = paths[i] ?? new Uint8Array(0);
    writeU16(out, at, path.length);
    out.set(path, at + 2);
    at += 2 + path.length;
    writeU64(out, at, file.size);
    at += 8;
    out[at++] = file.mimeType.length;
    for (let c = 0; c < file.mimeType.length; c++) out[at++] = file.mimeType.charCodeAt(c);
  });
  writeU32(out, at, manifest.pieceHashes.length);
  at += 4;
  for (const hash of manifest.pieceHashes) {
    out.set(hash, at);
    at += HASH_BYTES;
  }
  return out;
}

/**
 * Decodes canonical manifest bytes. Never throws. The result owns its bytes (salt and
 * hashes are copied once), so the input buffer may be reused. Work and allocation are
 * bounded by the input length, itself capped at MAX_MANIFEST_BYTES.
 */
export function decodeManifest(bytes: Uint8Array): Result<Manifest, ManifestError> {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    return fail(
      'too-large',
      `${bytes.length} bytes exceed MAX_MANIFEST_BYTES (${MAX_MANIFEST_BYTES})`,
    );
  }
  const truncated = fail('truncated', 'manifest ends early');
  const reader = new ByteReader(bytes);
  const magic = reader.take(MANIFEST_MAGIC.length);
  if (magic === undefined) return truncated;
  if (MANIFEST_MAGIC.some((byte, i) => magic[i] !== byte))
    return fail('bad-magic', 'not a Shoal manifest');
  const version = reader.u8();
  if (version === undefined) return truncated;
  if (version !== MANIFEST_VERSION)
    return fail('unsupported-version', `manifest version ${version}`);
  const saltLength = reader.u8();
  if (saltLength === undefined) return truncated;
  const salt = reader.take(saltLength);
  const log2 = reader.u8();
  const fileCount = reader.u32();
  if (salt === undefined || log2 === undefined || fileCount === undefined) return truncated;
  if (fileCount < 1 || fileCount > MAX_FILES) {
    return fail('bad-file-count', `${fileCount} files, not 1..${MAX_FILES}`);
  }
  // Each entry takes at least MIN_FILE_ENTRY_BYTES: refuse a count the bytes cannot hold
  // before building any file objects.
  if (fileCount * MIN_FILE_ENTRY_BYTES > reader.remaining) return truncated;
  const files: ManifestFile[] = [];
  for (let i = 0; i < fileCount; i++) {
    const file = readFile(reader);
    if (!file.ok) return file;
    files.push(file.value);
  }
  const count = reader.u32();
  if (count === undefined) return truncated;
  if (count > MAX_PIECE_COUNT) {
    return fail('bad-piece-count', `${count} pieces exceed MAX_PIECE_COUNT (${MAX_PIECE_COUNT})`);
  }
  const hashBytes = reader.take(count * HASH_BYTES);
  if (hashBytes === undefined) return truncated;
  if (reader.remaining > 0)
    return fail('trailing-bytes', `${reader.remaining} bytes after the last hash`);
  const hashes = hashBytes.slice();
  const pieceHashes: Uint8Array[] = [];
  for (let i = 0; i < count; i++)
    pieceHashes.push(hashes.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES));
  // 2 ** log2 for any u8 is a number; validateManifest checks the range.
  return validateManifest({ salt: salt.slice(), pieceSize: 2 ** log2, files, pieceHashes });
}

function readFile(reader: ByteReader): Result<ManifestFile, ManifestError> {
  const truncated = fail('truncated', 'manifest ends inside a file entry');
  const pathLength = reader.u16();
  if (pathLength === undefined) return truncated;
  const pathBytes = reader.take(pathLength);
  const sizeBytes = reader.take(8);
  const mimeLength = reader.u8();
  if (pathBytes === undefined || sizeBytes === undefined || mimeLength === undefined) {
    return truncated;
  }
  const mimeBytes = reader.take(mimeLength);
  if (mimeBytes === undefined) return truncated;
  const path = utf8Decode(pathBytes);
  if (path === undefined) return fail('bad-utf8', 'a path is not well-formed UTF-8');
  const size = readSafeU64(sizeBytes, 0);
  if (size === undefined)
    return fail('bad-size', `size of ${JSON.stringify(path)} exceeds MAX_SAFE_INTEGER`);
  // Printable ASCII is checked by validateManifest; any byte maps to one code unit here.
  const mimeType = String.fromCharCode(...mimeBytes);
  return ok({ path, size, mimeType });
}
