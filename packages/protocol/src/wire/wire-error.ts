import type { FrameType } from './frames.ts';

/** Why a frame did not decode. Stable codes: core maps them to goodbyes, never parses messages. */
export const WIRE_ERROR_CODES = [
  /** Zero bytes: not even a type code. */
  'empty-frame',
  /** The first byte is no frame type we know. */
  'unknown-type',
  /** The frame ends before its fields do. */
  'truncated',
  /** Bytes follow the frame's last field. */
  'trailing-bytes',
  /** The message exceeds MAX_MESSAGE_BYTES. */
  'too-large',
  /** A field decoded but is outside what the protocol allows. */
  'out-of-range',
  /** The goodbye reason is not well-formed UTF-8. */
  'bad-utf8',
  /** The goodbye code is none of GoodbyeCode. */
  'unknown-goodbye-code',
] as const;
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

/**
 * A frame that did not decode. A plain object, not an Error: hostile peers can make
 * us build many of these, and a stack trace apiece would be wasted work.
 */
export interface WireError {
  code: WireErrorCode;
  /** Short, human, for logs; never shown raw to users and never parsed. */
  message: string;
  /** The frame type, once the first byte was known. */
  frameType?: FrameType;
}

export function wireError(code: WireErrorCode, message: string, frameType?: FrameType): WireError {
  return frameType === undefined ? { code, message } : { code, message, frameType };
}
