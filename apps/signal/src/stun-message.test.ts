import { describe, expect, it } from 'vitest';
import stun from '@msimerson/stun';
import { MAX_STUN_REQUEST_BYTES, bindingResponse } from './stun-message.ts';
import { readResponse, stunMessage } from './stun-test-support.ts';

const { constants } = stun;
const V4 = { address: '203.0.113.7', port: 50_123 };
const V6 = { address: '2001:db8::42', port: 61_000 };
const XOR_MAPPED_ADDRESS = constants.STUN_ATTR_XOR_MAPPED_ADDRESS;
const FINGERPRINT = constants.STUN_ATTR_FINGERPRINT;

const answer = (datagram: Buffer, source = V4) => {
  const result = bindingResponse(datagram, source);
  if (!result.ok) throw new Error(`dropped: ${result.reason}`);
  return result.response;
};
const reasonFor = (datagram: Buffer, source = V4) => {
  const result = bindingResponse(datagram, source);
  return result.ok ? 'answered' : result.reason;
};

/** Deterministic pseudo-random bytes (mulberry32), so a failure replays. */
function randomBytesFrom(seed: number): (length: number) => Buffer {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return (length) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
}

describe('STUN binding responses', () => {
  it('answers a binding request with the source address in XOR-MAPPED-ADDRESS and nothing else', () => {
    const { datagram, transactionId } = stunMessage();
    const response = answer(datagram);
    const read = readResponse(response);
    expect(read.type).toBe(constants.STUN_BINDING_RESPONSE);
    expect(read.transactionId).toEqual(transactionId);
    expect(read.attributes).toEqual([XOR_MAPPED_ADDRESS]);
    expect(read.mapped).toEqual({ family: 'IPv4', ...V4 });
    expect(response.length).toBe(32);
  });

  it('answers an IPv6 source in 44 bytes', () => {
    const response = answer(stunMessage().datagram, V6);
    expect(readResponse(response).mapped).toEqual({ family: 'IPv6', ...V6 });
    expect(response.length).toBe(44);
  });

  it('reports an IPv4-mapped source (a dual-stack socket) as IPv4', () => {
    const response = answer(stunMessage().datagram, { address: '::ffff:198.51.100.9', port: 4000 });
    expect(readResponse(response).mapped).toEqual({
      family: 'IPv4',
      address: '198.51.100.9',
      port: 4000,
    });
    expect(response.length).toBe(32);
  });

  it('adds a valid FINGERPRINT only when the request had one', () => {
    const response = answer(stunMessage({ fingerprint: true }).datagram);
    expect(readResponse(response).attributes).toEqual([XOR_MAPPED_ADDRESS, FINGERPRINT]);
    expect(response.length).toBe(40);
    expect(stun.validateFingerprint(stun.decode(response))).toBe(true);
    expect(answer(stunMessage({ fingerprint: true }).datagram, V6).length).toBe(52);
  });

  it('drops indications, responses and other methods unanswered', () => {
    for (const type of [
      constants.STUN_BINDING_RESPONSE,
      0x0011, // binding indication
      0x0111, // binding error response
      0x0003, // TURN allocate request
      0x0004, // TURN refresh request
    ]) {
      expect(reasonFor(stunMessage({ type }).datagram)).toBe('not-binding-request');
    }
  });

  it('drops what is not well-formed STUN', () => {
    const valid = stunMessage().datagram;
    const withoutCookie = Buffer.from(valid);
    withoutCookie.writeUInt32BE(0x01020304, 4);
    const trailingBytes = Buffer.concat([valid, Buffer.alloc(4)]);
    const lengthTooLong = Buffer.from(valid);
    lengthTooLong.writeUInt16BE(8, 2);
    const badFingerprint = stunMessage({ fingerprint: true }).datagram;
    badFingerprint[badFingerprint.length - 1]! ^= 0xff;
    const cases = {
      empty: Buffer.alloc(0),
      'shorter than a header': valid.subarray(0, 19),
      'no magic cookie (RFC 3489)': withoutCookie,
      'bytes after the message': trailingBytes,
      'length beyond the datagram': lengthTooLong,
      'wrong FINGERPRINT': badFingerprint,
      'an HTTP request': Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    };
    for (const [what, datagram] of Object.entries(cases))
      expect({ what, reason: reasonFor(datagram) }).toEqual({ what, reason: 'malformed' });
  });

  it(`drops datagrams over ${MAX_STUN_REQUEST_BYTES} bytes before parsing them`, () => {
    const padded = Buffer.alloc(MAX_STUN_REQUEST_BYTES + 4);
    stunMessage().datagram.copy(padded);
    padded.writeUInt16BE(padded.length - 20, 2);
    expect(reasonFor(padded)).toBe('too-large');
  });

  it('never throws on random or mutated bytes, and never answers with more than it must', () => {
    const random = randomBytesFrom(13);
    const template = stunMessage({ fingerprint: true }).datagram;
    let answered = 0;
    const mutated = (round: number) => {
      const datagram = Buffer.from(template);
      datagram[round % datagram.length] = random(1)[0]!;
      return datagram;
    };
    for (let round = 0; round < 5_000; round++) {
      const datagram = round % 2 === 0 ? random(round % 120) : mutated(round);
      if (round % 3 === 0 && datagram.length >= 8) datagram.writeUInt32BE(0x2112a442, 4);
      const source = round % 4 === 0 ? V6 : V4;
      const result = bindingResponse(datagram, source);
      if (!result.ok) continue;
      answered++;
      const read = readResponse(result.response);
      const needed = (source === V6 ? 44 : 32) + (read.attributes.includes(FINGERPRINT) ? 8 : 0);
      expect(result.response.length).toBe(needed);
      expect(read.type).toBe(constants.STUN_BINDING_RESPONSE);
      expect(datagram.readUInt16BE(0)).toBe(constants.STUN_BINDING_REQUEST);
    }
    // Mutations that leave a binding request intact (padding, transaction id) are answered.
    expect(answered).toBeGreaterThan(0);
  });
});
