import { err, ok, type Result } from '../result.ts';
import { signalingError, type SignalingError } from './errors.ts';
import { isPlainObject } from './shape.ts';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An opaque WebRTC signal (an SDP offer/answer or an ICE candidate from simple-peer). */
export type SignalData = { [key: string]: JsonValue };

/**
 * Default cap on one signal, as serialized JSON in UTF-8 bytes. A full SDP offer
 * with a data channel and non-trickled candidates is a few KiB; 16 KiB leaves
 * room for many candidates while keeping a relay cheap. The server may configure
 * another cap and tells clients in its `config` event.
 */
export const DEFAULT_MAX_SIGNAL_BYTES = 16 * 1024;

/**
 * Deepest nesting accepted in a signal. simple-peer's deepest signal is
 * `{ candidate: { candidate, sdpMid, ... } }` (depth 2); 8 is generous and keeps
 * a hostile `[[[[...]]]]` from costing recursion.
 */
export const MAX_SIGNAL_DEPTH = 8;

type Walk = { ok: true; lowerBoundBytes: number } | { ok: false; error: SignalingError };

/**
 * Checks that `value` holds only JSON values, within depth, and returns a lower
 * bound of its serialized size. Stops as soon as that bound passes `maxBytes`,
 * so hostile input costs at most about `maxBytes` steps.
 */
function walk(value: unknown, depth: number, maxBytes: number, spent: number): Walk {
  if (spent > maxBytes) return tooLarge(maxBytes);
  if (value === null || typeof value === 'boolean') return { ok: true, lowerBoundBytes: spent + 4 };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return invalid('signal numbers must be finite');
    return { ok: true, lowerBoundBytes: spent + 1 };
  }
  if (typeof value === 'string') return { ok: true, lowerBoundBytes: spent + value.length + 2 };
  if (depth >= MAX_SIGNAL_DEPTH) return invalid(`signal nests deeper than ${MAX_SIGNAL_DEPTH}`);
  let total = spent + 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      const step = walk(item, depth + 1, maxBytes, total + 1);
      if (!step.ok) return step;
      total = step.lowerBoundBytes;
      if (total > maxBytes) return tooLarge(maxBytes);
    }
    return { ok: true, lowerBoundBytes: total };
  }
  if (!isPlainObject(value)) return invalid('signal must contain only JSON values');
  for (const key of Object.keys(value)) {
    const step = walk(value[key], depth + 1, maxBytes, total + key.length + 4);
    if (!step.ok) return step;
    total = step.lowerBoundBytes;
    if (total > maxBytes) return tooLarge(maxBytes);
  }
  return { ok: true, lowerBoundBytes: total };
}

const tooLarge = (maxBytes: number): Walk => ({
  ok: false,
  error: signalingError('payload-too-large', `signal is larger than ${maxBytes} bytes`),
});
const invalid = (message: string): Walk => ({
  ok: false,
  error: signalingError('invalid-payload', message),
});

/** UTF-8 length of a string without allocating its encoding. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Serialized size of a signal in UTF-8 bytes, as the relay will send it. */
export function signalByteLength(data: SignalData): number {
  return utf8Length(JSON.stringify(data));
}

/**
 * Accepts a JSON object of at most `maxBytes` serialized UTF-8 bytes and at most
 * MAX_SIGNAL_DEPTH deep. The content stays opaque: the server relays it unread.
 */
export function decodeSignalData(
  value: unknown,
  maxBytes: number = DEFAULT_MAX_SIGNAL_BYTES,
): Result<SignalData, SignalingError> {
  if (!isPlainObject(value)) {
    return err(signalingError('invalid-payload', 'signal must be a JSON object'));
  }
  const checked = walk(value, 0, maxBytes, 0);
  if (!checked.ok) return err(checked.error);
  const data = value as SignalData;
  if (signalByteLength(data) > maxBytes) {
    return err(signalingError('payload-too-large', `signal is larger than ${maxBytes} bytes`));
  }
  return ok(data);
}
