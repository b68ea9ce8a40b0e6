import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeAck,
  decodeClientConfig,
  decodeJoinAccepted,
  decodeJoinRequest,
  decodeLeaveAccepted,
  decodeLeaveRequest,
  decodePeerPresence,
  decodePeersAccepted,
  decodePeersRequest,
  decodeRelayedSignal,
  decodeSignalAccepted,
  decodeSignalRequest,
  MAX_PEERS_IN_ACK,
} from './decoders.ts';

const roomId = randomBytes(32).toString('base64url');
const data = { type: 'offer', sdp: 'v=0' };
const codeOf = (result: { ok: boolean; error?: { code: string } }) =>
  result.ok ? 'ok' : result.error?.code;

const hostile: unknown[] = [
  undefined,
  null,
  0,
  'join',
  [],
  [roomId],
  new Uint8Array(43),
  Object.create({ roomId }),
];

describe('signaling request decoders', () => {
  it('accept a well-formed join, leave and signal, ignoring extra fields', () => {
    expect(decodeJoinRequest({ roomId, extra: 1 })).toEqual({ ok: true, value: { roomId } });
    expect(decodeLeaveRequest({ roomId })).toEqual({ ok: true, value: { roomId } });
    expect(decodeSignalRequest({ roomId, to: 'abc_DEF-123', data })).toEqual({
      ok: true,
      value: { roomId, to: 'abc_DEF-123', data },
    });
  });

  it('refuse payloads that are not objects, or whose fields are only inherited', () => {
    for (const value of hostile) {
      expect(codeOf(decodeJoinRequest(value))).toMatch(/^invalid-/);
      expect(codeOf(decodeLeaveRequest(value))).toMatch(/^invalid-/);
      expect(codeOf(decodeSignalRequest(value))).toMatch(/^invalid-/);
    }
  });

  it('refuse a bad room id with invalid-room-id', () => {
    for (const bad of [undefined, 7, roomId.slice(1), `${roomId}x`, roomId.replace(/.$/, '=')]) {
      expect(codeOf(decodeJoinRequest({ roomId: bad }))).toBe('invalid-room-id');
      expect(codeOf(decodeSignalRequest({ roomId: bad, to: 'a', data }))).toBe('invalid-room-id');
    }
  });

  it('refuse a signal whose target is missing, huge or not an id', () => {
    for (const to of [undefined, '', 5, 'x'.repeat(65), 'a b', '../x', ['a']]) {
      expect(codeOf(decodeSignalRequest({ roomId, to, data }))).toBe('invalid-payload');
    }
  });

  it('refuse a signal whose data is not an object or is over the cap', () => {
    for (const bad of [undefined, 'sdp', 1, [data], null]) {
      expect(codeOf(decodeSignalRequest({ roomId, to: 'a', data: bad }))).toBe('invalid-payload');
    }
    expect(
      codeOf(decodeSignalRequest({ roomId, to: 'a', data: { sdp: 'x'.repeat(100) } }, 50)),
    ).toBe('payload-too-large');
  });
});

describe('server message decoders', () => {
  it('accept peer presence and relayed signals, refusing bad ids', () => {
    expect(decodePeerPresence({ roomId, peerId: 'p1' })).toEqual({
      ok: true,
      value: { roomId, peerId: 'p1' },
    });
    expect(codeOf(decodePeerPresence({ roomId, peerId: '' }))).toBe('invalid-payload');
    expect(decodeRelayedSignal({ roomId, from: 'p1', data })).toEqual({
      ok: true,
      value: { roomId, from: 'p1', data },
    });
    expect(codeOf(decodeRelayedSignal({ roomId, from: 'p1', data: 'x' }))).toBe('invalid-payload');
  });

  it('accept a config and refuse one with bad limits or ICE servers', () => {
    const config = {
      peerId: 'p1',
      iceServers: [{ urls: 'stun:stun.example.org' }],
      iceServersExpireAt: null,
      limits: { maxSignalBytes: 1024, maxPeersPerRoom: 50, maxRoomsPerConnection: 8 },
    };
    expect(decodeClientConfig(config)).toEqual({ ok: true, value: config });
    expect(
      codeOf(decodeClientConfig({ ...config, limits: { ...config.limits, maxPeersPerRoom: -1 } })),
    ).toBe('invalid-payload');
    expect(codeOf(decodeClientConfig({ ...config, iceServers: [{ urls: 'http://x' }] }))).toBe(
      'invalid-payload',
    );
  });

  it('turn acknowledgements into one Result, refusals included', () => {
    const accepted = { roomId, peerId: 'me', peers: ['a', 'b'] };
    expect(decodeAck({ ok: true, value: accepted }, decodeJoinAccepted)).toEqual({
      ok: true,
      value: accepted,
    });
    expect(
      decodeAck({ ok: false, error: { code: 'room-full', message: 'full' } }, decodeJoinAccepted),
    ).toEqual({
      ok: false,
      error: { code: 'room-full', message: 'full' },
    });
    expect(codeOf(decodeAck({ ok: false, error: { code: 'nope' } }, decodeJoinAccepted))).toBe(
      'invalid-payload',
    );
    expect(codeOf(decodeAck('yes', decodeJoinAccepted))).toBe('invalid-payload');
    expect(
      codeOf(decodeAck({ ok: true, value: { ...accepted, peers: [1] } }, decodeJoinAccepted)),
    ).toBe('invalid-payload');
  });

  it('decode leave and signal acknowledgements, refusing bad ids', () => {
    expect(decodeLeaveAccepted({ roomId })).toEqual({ ok: true, value: { roomId } });
    expect(codeOf(decodeLeaveAccepted({ roomId: 'x' }))).toBe('invalid-room-id');
    expect(decodeSignalAccepted({ roomId, to: 'p1' })).toEqual({
      ok: true,
      value: { roomId, to: 'p1' },
    });
    expect(codeOf(decodeSignalAccepted({ roomId, to: null }))).toBe('invalid-payload');
  });
});

describe('the peers (fresh sample) event', () => {
  it('takes a room id and refuses anything else', () => {
    expect(decodePeersRequest({ roomId })).toEqual({ ok: true, value: { roomId } });
    for (const value of [null, 'x', [], {}, { roomId: 'short' }, { roomId: 7 }])
      expect(codeOf(decodePeersRequest(value))).toMatch(/^invalid-/);
  });

  it('accepts a sample of peer ids and refuses a malformed or oversized one', () => {
    const peers = ['a'.repeat(20), 'b'.repeat(20)];
    expect(decodePeersAccepted({ roomId, peers })).toEqual({ ok: true, value: { roomId, peers } });
    expect(codeOf(decodePeersAccepted({ roomId, peers: [1] }))).toBe('invalid-payload');
    expect(codeOf(decodePeersAccepted({ roomId }))).toBe('invalid-payload');
    const tooMany = Array.from({ length: MAX_PEERS_IN_ACK + 1 }, (_, i) =>
      `peer${i}`.padEnd(20, 'x'),
    );
    expect(codeOf(decodePeersAccepted({ roomId, peers: tooMany }))).toBe('invalid-payload');
  });
});
