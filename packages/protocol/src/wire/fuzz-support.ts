// Mutations and checks shared by the fuzz tests.
import type { SeededRandom } from './seeded-random.ts';

/** u32 values at the edges of the limits, dropped into fields by `mutate`. */
const EDGE_U32 = [0, 1, 0xff, 0xffff, 0x1_0000, 0x3_ffff, 0x4_0000, 0x100_0000, 0xffff_ffff];

/**
 * One random mutation of valid bytes: a bit flip, a cut, random bytes appended, a byte
 * inserted or deleted, or a big-endian u32 (near a limit) written over any position.
 */
export function mutate(random: SeededRandom, original: Uint8Array): Uint8Array {
  if (original.length === 0) return random.bytes(random.below(4));
  const at = random.below(original.length + 1);
  switch (random.below(6)) {
    case 0: {
      const out = original.slice();
      const index = random.below(out.length);
      out[index] = (out[index] ?? 0) ^ (1 << random.below(8));
      return out;
    }
    case 1:
      return original.slice(0, at);
    case 2: {
      const out = new Uint8Array(original.length + 1 + random.below(8));
      out.set(original);
      out.set(random.bytes(out.length - original.length), original.length);
      return out;
    }
    case 3: {
      const out = new Uint8Array(original.length + 1);
      out.set(original.subarray(0, at));
      out[at] = random.u32() & 0xff;
      out.set(original.subarray(at), at + 1);
      return out;
    }
    case 4: {
      const cut = Math.min(at, original.length - 1);
      const out = new Uint8Array(original.length - 1);
      out.set(original.subarray(0, cut));
      out.set(original.subarray(cut + 1), cut);
      return out;
    }
    default: {
      const out = original.slice();
      const value = (random.pick(EDGE_U32) + random.below(3) - 1) >>> 0;
      for (let i = 0; i < 4 && at + i < out.length; i++) out[at + i] = value >>> (24 - 8 * i);
      return out;
    }
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The first bytes as hex, to put a failing input in a test message. */
export function hexPrefix(bytes: Uint8Array, limit = 64): string {
  const shown = Array.from(bytes.subarray(0, limit), (b) => b.toString(16).padStart(2, '0'));
  return shown.join('') + (bytes.length > limit ? '…' : '');
}
