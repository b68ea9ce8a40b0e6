// Why the signaling server refused a request. Codes are stable: the web client maps
// them to messages and never parses the human-readable text.

export const SIGNALING_ERROR_CODES = [
  /** The payload is not the shape the event expects (wrong types, missing fields). */
  'invalid-payload',
  /** The room id is not a 43-character base64url string. */
  'invalid-room-id',
  /** The signal (or another field) is larger than the server accepts. */
  'payload-too-large',
  /** The room already holds the most peers the server allows. */
  'room-full',
  /** This connection is already in the most rooms the server allows. */
  'too-many-rooms',
  /** This connection sent events faster than its rate limit. */
  'rate-limited',
  /** The sender is not in the room it named. */
  'not-in-room',
  /** The named peer is not in that room (or is the sender itself). */
  'unknown-peer',
  /** The server does not handle this event name. */
  'unknown-event',
  /** The server could not answer (for example, Redis did not respond in time). Retry later. */
  'server-error',
] as const;

export type SignalingErrorCode = (typeof SIGNALING_ERROR_CODES)[number];

export interface SignalingError {
  code: SignalingErrorCode;
  /** For logs and developers; never shown to users, never parsed. */
  message: string;
}

export const signalingError = (code: SignalingErrorCode, message: string): SignalingError => ({
  code,
  message,
});

export function isSignalingErrorCode(value: unknown): value is SignalingErrorCode {
  return typeof value === 'string' && (SIGNALING_ERROR_CODES as readonly string[]).includes(value);
}
