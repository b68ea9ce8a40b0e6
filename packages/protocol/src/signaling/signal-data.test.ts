import { describe, expect, it } from 'vitest';
import { MAX_SIGNAL_DEPTH, decodeSignalData, signalByteLength } from './signal-data.ts';

const offer = { type: 'offer', sdp: 'v=0\r\no=- 4611 2 IN IP4 127.0.0.1\r\ns=-\r\n' };
const candidate = {
  type: 'candidate',
  candidate: {
    candidate: 'candidate:1 1 udp 2122 127.0.0.1 5000 typ host',
    sdpMLineIndex: 0,
    sdpMid: '0',
  },
};

const codeOf = (value: unknown, max?: number) => {
  const result = decodeSignalData(value, max);
  return result.ok ? 'ok' : result.error.code;
};

describe('signal data', () => {
  it('accepts the offers, answers and candidates simple-peer produces, unchanged', () => {
    expect(decodeSignalData(offer)).toEqual({ ok: true, value: offer });
    expect(decodeSignalData(candidate)).toEqual({ ok: true, value: candidate });
    expect(codeOf({ renegotiate: true })).toBe('ok');
  });

  it('refuses anything that is not a JSON object', () => {
    for (const value of [
      null,
      undefined,
      'offer',
      12,
      true,
      [],
      [offer],
      new Uint8Array(4),
      new Date(),
    ]) {
      expect(codeOf(value)).toBe('invalid-payload');
    }
  });

  it('refuses non-JSON values nested inside the object', () => {
    expect(codeOf({ a: new Uint8Array(2) })).toBe('invalid-payload');
    expect(codeOf({ a: () => 1 })).toBe('invalid-payload');
    expect(codeOf({ a: Number.NaN })).toBe('invalid-payload');
    expect(codeOf({ a: [1, undefined] })).toBe('invalid-payload');
  });

  it('refuses nesting deeper than the cap without recursing further', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(codeOf(deep)).toBe('invalid-payload');
    let justDeepEnough: unknown = 1;
    for (let i = 0; i < MAX_SIGNAL_DEPTH; i++) justDeepEnough = { d: justDeepEnough };
    expect(codeOf(justDeepEnough)).toBe('ok');
  });

  it('measures size in UTF-8 bytes and refuses one byte over the cap', () => {
    const data = { sdp: 'é'.repeat(100) };
    const size = signalByteLength(data);
    expect(size).toBe(JSON.stringify(data).length + 100);
    expect(codeOf(data, size)).toBe('ok');
    expect(codeOf(data, size - 1)).toBe('payload-too-large');
  });

  it('refuses a huge string or a huge array as too large', () => {
    expect(codeOf({ sdp: 'x'.repeat(1_000_000) }, 1024)).toBe('payload-too-large');
    expect(codeOf({ list: new Array(1_000_000).fill(0) }, 1024)).toBe('payload-too-large');
    expect(
      codeOf(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 0])), 1024),
    ).toBe('payload-too-large');
  });
});
