// The frames two peers speak over one data channel. Binary; piece data is never JSON.
// Their byte layout is in frame-layout.ts.

/**
 * Bumped when a frame's layout changes; peers with another version say goodbye.
 * 2: added `requests` (several block requests in one message).
 */
export const WIRE_VERSION = 2;

/**
 * Largest data-channel message we send or accept. 64 KiB is what every current
 * browser delivers in one message (Chromium, Firefox and Safari agree on it);
 * larger messages are split or refused depending on the browser's SCTP stack.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Bytes a piece frame may spend before its data: type (1) + piece index (4) + begin (4)
 * = 9, rounded up to 16 so the header can grow a field without shrinking blocks.
 * The header actually on the wire is PIECE_FRAME_PREFIX_BYTES (frame-layout.ts) long.
 */
export const PIECE_FRAME_HEADER_BYTES = 16;

/** Most piece data one frame carries, so that header plus data fit in one message. */
export const MAX_BLOCK_BYTES = MAX_MESSAGE_BYTES - PIECE_FRAME_HEADER_BYTES;

/** Length of a peer's authentication proof: an HMAC-SHA-256. */
export const PROOF_BYTES = 32;

/** Length of a SHA-256 digest. */
export const HASH_BYTES = 32;

/**
 * Most pieces a share may have. 2^18 pieces make a 32 KiB bitfield, which fits in one
 * message with its header, and 8 MiB of hashes, which fit in MAX_MANIFEST_BYTES with
 * room for the file list. (2^19 did neither: its 64 KiB bitfield plus the 5-byte
 * header overflowed MAX_MESSAGE_BYTES.) 2^18 pieces of 16 MiB are 4 TiB; the manifest
 * builder stays far below (a few thousand).
 */
export const MAX_PIECE_COUNT = 1 << 18;

/** Largest canonical manifest we accept, assembled from manifest frames. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/**
 * Most block requests in one `requests` frame: a whole pipeline (core's
 * MAX_PIPELINE) in one 769-byte message. Sending requests one message each costs
 * the sharer ~5–10% more CPU per byte served (a packet, a decrypt and an event per
 * message), and Chromium does not bundle separate sends into one packet.
 */
export const MAX_REQUESTS_PER_FRAME = 64;

/** Longest goodbye reason, in UTF-8 bytes: enough for a sentence, not for a payload. */
export const MAX_REASON_BYTES = 256;

/** Why a peer said goodbye. Stable codes: the UI maps them to messages. */
export const GoodbyeCode = {
  /** Closing normally: tab closed, download cancelled. */
  Normal: 0,
  /** The other side speaks a wire version we do not. */
  VersionMismatch: 1,
  /** The other side's proof of knowing the share id did not verify. */
  AuthFailed: 2,
  /** The other side sent a frame that did not decode. */
  ProtocolError: 3,
  /** The other side sent a piece whose SHA-256 did not match the manifest. */
  BadPiece: 4,
  /** The other side sent a manifest that does not hash to the share id. */
  BadManifest: 5,
  /** The other side asked for too much, too fast. */
  Flooding: 6,
} as const;
export type GoodbyeCode = (typeof GoodbyeCode)[keyof typeof GoodbyeCode];

/**
 * Every frame. Byte fields of decoded frames (proof, manifest data, bits, piece data)
 * are views into the received message, not copies: see frame-codec.ts.
 */
export type Frame =
  /** First frame each way. `proof` shows the sender knows the share id (see core's peer auth). */
  | { type: 'hello'; version: number; proof: Uint8Array }
  /** Ask the other side for the manifest. */
  | { type: 'manifest-request' }
  /** One slice of the canonical manifest: `totalBytes` overall, this slice at `offset`. */
  | { type: 'manifest'; totalBytes: number; offset: number; data: Uint8Array }
  /** Which pieces the sender has verified: bit i (MSB first) of byte i>>3 is piece i. */
  | { type: 'bitfield'; pieceCount: number; bits: Uint8Array }
  /** The sender has verified one more piece. */
  | { type: 'have'; index: number }
  /** Ask for `length` bytes of piece `index` starting at `begin`. */
  | { type: 'request'; index: number; begin: number; length: number }
  /** Several requests at once (1..MAX_REQUESTS_PER_FRAME), served as if sent one by one. */
  | { type: 'requests'; requests: BlockRange[] }
  /** Withdraw an earlier request. */
  | { type: 'cancel'; index: number; begin: number; length: number }
  /** The sender will not serve this request (does not have it, or is busy); ask someone else. */
  | { type: 'reject'; index: number; begin: number; length: number }
  /** One block of piece data. */
  | { type: 'piece'; index: number; begin: number; data: Uint8Array }
  /** The sender is busy: stop requesting until unchoke. Outstanding requests are dropped. */
  | { type: 'choke' }
  | { type: 'unchoke' }
  /** The sender is leaving, with a stable code and a short human reason. */
  | { type: 'goodbye'; code: GoodbyeCode; reason: string };

export type FrameType = Frame['type'];

/** `length` bytes of piece `index` from `begin`: what a request names. */
export interface BlockRange {
  index: number;
  begin: number;
  length: number;
}

/** The block requests a frame carries: one for `request`, several for `requests`, else none. */
export function requestsIn(frame: Frame): BlockRange[] {
  if (frame.type === 'request')
    return [{ index: frame.index, begin: frame.begin, length: frame.length }];
  return frame.type === 'requests' ? frame.requests : [];
}

/** One slice of the canonical manifest (see splitManifest and ManifestAssembler). */
export type ManifestFrame = Extract<Frame, { type: 'manifest' }>;

/** One block of piece data. */
export type PieceFrame = Extract<Frame, { type: 'piece' }>;

/**
 * Each frame's first byte. Stable on the wire: never renumber or reuse a code, only
 * add. 0 is no frame, so a zero-filled buffer never decodes as one.
 */
export const FRAME_TYPE_CODES = {
  hello: 0x01,
  'manifest-request': 0x02,
  manifest: 0x03,
  bitfield: 0x04,
  have: 0x05,
  request: 0x06,
  cancel: 0x07,
  reject: 0x08,
  piece: 0x09,
  choke: 0x0a,
  unchoke: 0x0b,
  goodbye: 0x0c,
  requests: 0x0d,
} as const satisfies Record<FrameType, number>;
