// Big-endian integer access and strict UTF-8, shared by the frame and manifest codecs.
// Plain index arithmetic instead of DataView: no extra object per frame on the hot path,
// and it respects the view's byteOffset for free.

/** Largest value a u32 field holds. */
export const MAX_U32 = 0xffff_ffff;

/** Largest value a u16 field holds. */
export const MAX_U16 = 0xffff;

/** 2^32, to split a u64 into two u32 halves. */
const TWO_POW_32 = 0x1_0000_0000;

/** Reads a u16 at `at`; the caller has checked that 2 bytes are there. */
export function readU16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

/** Reads a u32 at `at`; the caller has checked that 4 bytes are there. */
export function readU32(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at] ?? 0) * 0x100_0000 +
    (((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0))
  );
}

/**
 * Reads a u64 at `at`, or returns undefined when it exceeds Number.MAX_SAFE_INTEGER
 * (a JS number could not hold it exactly, so it could not re-encode to the same bytes).
 */
export function readSafeU64(bytes: Uint8Array, at: number): number | undefined {
  const high = readU32(bytes, at);
  if (high > Math.floor(Number.MAX_SAFE_INTEGER / TWO_POW_32)) return undefined;
  return high * TWO_POW_32 + readU32(bytes, at + 4);
}

export function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 8;
  bytes[at + 1] = value;
}

export function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

/** Writes a safe integer as a u64; the caller has checked 0 ≤ value ≤ MAX_SAFE_INTEGER. */
export function writeU64(bytes: Uint8Array, at: number, value: number): void {
  writeU32(bytes, at, Math.floor(value / TWO_POW_32));
  writeU32(bytes, at + 4, value % TWO_POW_32);
}

export function isU32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_U32;
}

const encoder = new TextEncoder();
/**
 * fatal: malformed UTF-8 is an error, not U+FFFD. ignoreBOM: a leading U+FEFF stays
 * in the string; otherwise it would vanish and the string would re-encode shorter.
 * Together they make decode ∘ encode the identity, which canonical encodings need.
 */
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes strict UTF-8, or returns undefined for malformed bytes. Never throws. */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * True when the string has no lone surrogate. TextEncoder would silently turn one
 * into U+FFFD, so a string with one would not survive a round trip.
 */
export function isWellFormedUtf16(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/**
 * Reads fields front to back. Every read returns undefined instead of running past
 * the end, so a decoder turns truncation into an error without try/catch.
 */
export class ByteReader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.at;
  }

  /** The next `length` bytes as a view, or undefined when fewer are left. */
  take(length: number): Uint8Array | undefined {
    if (length > this.remaining) return undefined;
    this.at += length;
    return this.bytes.subarray(this.at - length, this.at);
  }

  u8(): number | undefined {
    return this.take(1)?.[0];
  }

  u16(): number | undefined {
    const field = this.take(2);
    return field && readU16(field, 0);
  }

  u32(): number | undefined {
    const field = this.take(4);
    return field && readU32(field, 0);
  }
}
