import { err, ok, type Result } from '../result.ts';
import { signalingError, type SignalingError } from './errors.ts';

/**
 * Longest peer id we accept. Peer ids are socket.io socket ids (20 base64url
 * characters today); 64 leaves room for a different id scheme without letting a
 * client send a megabyte where an id belongs.
 */
export const MAX_PEER_ID_LENGTH = 64;

const PEER_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export function isPeerId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_PEER_ID_LENGTH &&
    PEER_ID_PATTERN.test(value)
  );
}

export function decodePeerId(value: unknown): Result<string, SignalingError> {
  if (isPeerId(value)) return ok(value);
  return err(
    signalingError(
      'invalid-payload',
      `peer id must be 1 to ${MAX_PEER_ID_LENGTH} base64url characters`,
    ),
  );
}
