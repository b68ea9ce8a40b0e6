import { err, ok, type Result } from '../result.ts';
import { signalingError, type SignalingError } from './errors.ts';

/**
 * Length of a room id: 32 bytes in unpadded base64url. The web client derives it
 * from the share id with a one-way, domain-separated hash, so the server never
 * learns the share id; 32 bytes make collisions and guessing hopeless.
 */
export const ROOM_ID_LENGTH = 43;

/** Bytes hashed into a room id. */
export const ROOM_ID_BYTES = 32;

const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/**
 * 32 bytes are 256 bits, but 43 base64url characters carry 258: the last character
 * holds 4 bits and 2 zero bits, so only these 16 of the 64 symbols can end a
 * canonical encoding. Refusing the rest keeps one room id per 32-byte hash.
 */
const CANONICAL_LAST_CHARS = 'AEIMQUYcgkosw048';

export function isRoomId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    ROOM_ID_PATTERN.test(value) &&
    CANONICAL_LAST_CHARS.includes(value.charAt(ROOM_ID_LENGTH - 1))
  );
}

/** Accepts exactly a canonical 43-character base64url string; refuses everything else. */
export function decodeRoomId(value: unknown): Result<string, SignalingError> {
  if (isRoomId(value)) return ok(value);
  if (typeof value !== 'string') {
    return err(signalingError('invalid-room-id', 'room id must be a string'));
  }
  if (value.length !== ROOM_ID_LENGTH) {
    return err(
      signalingError(
        'invalid-room-id',
        `room id must be ${ROOM_ID_LENGTH} characters, got ${Math.min(value.length, 1_000_000)}`,
      ),
    );
  }
  return err(signalingError('invalid-room-id', 'room id must be canonical unpadded base64url'));
}
