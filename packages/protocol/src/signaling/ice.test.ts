import { describe, expect, it } from 'vitest';
import { MAX_ICE_SERVERS, decodeIceServers } from './ice.ts';

const codeOf = (value: unknown) => {
  const result = decodeIceServers(value);
  return result.ok ? 'ok' : result.error.message;
};

describe('ICE server lists', () => {
  it('accept STUN entries and TURN entries with credentials', () => {
    const list = [
      { urls: 'stun:stun.example.org:3478' },
      {
        urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
        username: 'u',
        credential: 'c',
      },
    ];
    expect(decodeIceServers(list)).toEqual({ ok: true, value: list });
    expect(decodeIceServers([])).toEqual({ ok: true, value: [] });
  });

  it('refuse TURN entries without credentials', () => {
    expect(codeOf([{ urls: 'turn:turn.example.org' }])).toMatch(/username and a credential/);
  });

  it('refuse unknown fields, so a typo such as "url" is caught', () => {
    expect(codeOf([{ url: 'stun:x' }])).toMatch(/unknown field "url"/);
  });

  it('refuse non-ICE URLs, empty URL lists, non-arrays and too many entries', () => {
    expect(codeOf([{ urls: 'https://example.org' }])).toMatch(/stun:/);
    expect(codeOf([{ urls: [] }])).toMatch(/1 to/);
    expect(codeOf({ urls: 'stun:x' })).toMatch(/array/);
    expect(codeOf(Array.from({ length: MAX_ICE_SERVERS + 1 }, () => ({ urls: 'stun:x' })))).toMatch(
      /at most/,
    );
  });
});
