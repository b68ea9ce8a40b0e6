// Which pieces a peer has: bit i (MSB first) of byte i>>3 is piece i, as on the wire.

export class Bitfield {
  readonly length: number;
  readonly bytes: Uint8Array;
  #count = 0;

  constructor(length: number, bytes?: Uint8Array) {
    this.length = length;
    this.bytes = new Uint8Array(Math.ceil(length / 8));
    if (bytes !== undefined) {
      this.bytes.set(bytes.subarray(0, this.bytes.length));
      // Spare bits past `length` in the last byte must not count.
      const spare = this.bytes.length * 8 - length;
      if (spare > 0) this.bytes[this.bytes.length - 1]! &= (0xff << spare) & 0xff;
      for (const byte of this.bytes) this.#count += popcount(byte);
    }
  }

  static full(length: number): Bitfield {
    const field = new Bitfield(length);
    for (let i = 0; i < length; i++) field.set(i);
    return field;
  }

  /** How many pieces are set. */
  get count(): number {
    return this.#count;
  }

  get complete(): boolean {
    return this.#count === this.length;
  }

  get(index: number): boolean {
    if (index < 0 || index >= this.length) return false;
    return (this.bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
  }

  /** Sets bit `index`; returns false when it was already set or out of range. */
  set(index: number): boolean {
    if (index < 0 || index >= this.length || this.get(index)) return false;
    this.bytes[index >> 3]! |= 0x80 >> (index & 7);
    this.#count++;
    return true;
  }

  /** Clears bit `index`; returns false when it was already clear. */
  clear(index: number): boolean {
    if (!this.get(index)) return false;
    this.bytes[index >> 3]! &= ~(0x80 >> (index & 7));
    this.#count--;
    return true;
  }

  /** Whether this field has a piece that `other` (of the same length) lacks: would its owner want ours. */
  hasAnyMissingFrom(other: Bitfield): boolean {
    if (this.#count === 0) return false;
    const theirs = other.bytes;
    for (let i = 0; i < this.bytes.length; i++)
      if ((this.bytes[i]! & ~theirs[i]!) !== 0) return true;
    return false;
  }

  *indices(): Generator<number> {
    for (let i = 0; i < this.length; i++) if (this.get(i)) yield i;
  }
}

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b !== 0; b &= b - 1) n++;
  return n;
}
