import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROOM_ID_BYTES, ROOM_ID_LENGTH, decodeRoomId, isRoomId } from './room-id.ts';

describe('room id', () => {
  it('accepts the unpadded base64url encoding of 32 random bytes', () => {
    for (let i = 0; i < 50; i++) {
      const id = randomBytes(ROOM_ID_BYTES).toString('base64url');
      expect(id).toHaveLength(ROOM_ID_LENGTH);
      expect(decodeRoomId(id)).toEqual({ ok: true, value: id });
    }
  });

  it('refuses ids one character too short or too long', () => {
    const id = randomBytes(ROOM_ID_BYTES).toString('base64url');
    for (const wrong of [id.slice(1), `${id}A`, '', 'A'.repeat(1_000_000)]) {
      const result = decodeRoomId(wrong);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-room-id');
    }
  });

  it('refuses padding, standard base64 characters, spaces and non-ASCII', () => {
    const body = 'A'.repeat(ROOM_ID_LENGTH - 1);
    for (const last of ['=', '+', '/', ' ', 'é', '\u0000']) {
      expect(isRoomId(`${body.slice(1)}${last}A`)).toBe(false);
    }
  });

  it('refuses a last character that no 32-byte value encodes to', () => {
    const body = 'A'.repeat(ROOM_ID_LENGTH - 1);
    expect(isRoomId(`${body}A`)).toBe(true);
    expect(isRoomId(`${body}B`)).toBe(false);
    expect(isRoomId(`${body}_`)).toBe(false);
  });

  it('refuses non-strings without throwing', () => {
    for (const value of [undefined, null, 42, {}, [], ['x'], { toString: () => 'x' }]) {
      const result = decodeRoomId(value);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-room-id' } });
    }
  });
});
