// Hostile and broken clients: every malformed payload gets an error ack (when the
// client offered one), nothing crashes, and other clients carry on.
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, disconnected, nextEvent, randomRoomId, rawEmitWithAck } from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

const codeOf = (ack: unknown) =>
  (ack as { ok: boolean; error?: { code: string } }).error?.code ?? 'ok';

describe('malformed payloads', () => {
  it('refuse joins and leaves with the wrong shape', async () => {
    const server = await harness.server({ MAX_REFUSALS: '1000' });
    const { socket } = await harness.client(server.url);
    for (const payload of [42, 'room', null, [], [randomRoomId()], true, {}]) {
      expect(codeOf(await rawEmitWithAck(socket, 'join', payload))).toMatch(
        /^invalid-(payload|room-id)$/,
      );
      expect(codeOf(await rawEmitWithAck(socket, 'leave', payload))).toMatch(
        /^invalid-(payload|room-id)$/,
      );
    }
  });

  it('refuse room ids of the wrong length, charset or type', async () => {
    const server = await harness.server({ MAX_REFUSALS: '1000' });
    const { socket } = await harness.client(server.url);
    const good = randomRoomId();
    const bad = [
      good.slice(1),
      `${good}A`,
      `${good.slice(0, 42)}=`,
      `${good.slice(0, 41)}+/`,
      'é'.repeat(43),
      'x'.repeat(30_000),
      7,
      { id: good },
    ];
    for (const roomId of bad) {
      expect(codeOf(await rawEmitWithAck(socket, 'join', { roomId }))).toBe('invalid-room-id');
    }
  });

  it('refuse signals with missing fields, bad targets or non-object data', async () => {
    const server = await harness.server({ MAX_REFUSALS: '1000' });
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    const to = bob.config.peerId;
    const cases: unknown[] = [
      { roomId, to },
      { roomId, data: {} },
      { to, data: {} },
      { roomId, to: 'x'.repeat(20_000), data: {} },
      { roomId, to: `room:${roomId}`, data: {} },
      { roomId, to, data: 'v=0' },
      { roomId, to, data: ['offer'] },
      { roomId, to, data: null },
      { roomId, to, data: 12 },
      { roomId, to, data: Buffer.from('binary') },
      { roomId, to, data: { nested: Buffer.from('binary') } },
      'signal',
    ];
    const bobHears = nextEvent(bob.socket, 'signal', 500).then(
      () => true,
      () => false,
    );
    for (const payload of cases) {
      expect(codeOf(await rawEmitWithAck(alice.socket, 'signal', payload))).toMatch(
        /^invalid-(payload|room-id)$/,
      );
    }
    expect(await bobHears).toBe(false);
  });

  it('answers an event whose only argument is the ack with invalid-payload', async () => {
    const server = await harness.server();
    const { socket } = await harness.client(server.url);
    expect(codeOf(await rawEmitWithAck(socket, 'join'))).toBe('invalid-payload');
    expect(codeOf(await rawEmitWithAck(socket, 'signal'))).toBe('invalid-payload');
  });

  it('answers unknown events with unknown-event', async () => {
    const server = await harness.server();
    const { socket } = await harness.client(server.url);
    expect(codeOf(await rawEmitWithAck(socket, 'admin', { all: true }))).toBe('unknown-event');
    expect(codeOf(await rawEmitWithAck(socket, 'x'.repeat(10_000)))).toBe('unknown-event');
  });

  it('handles valid and invalid events sent without an ack, and keeps serving', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    const raw = bob.socket as unknown as { emit: (...args: unknown[]) => void };
    for (const args of [
      ['join', 'garbage'],
      ['signal', { roomId }],
      ['leave'],
      ['nope', 1, 2],
      ['hello'],
    ]) {
      raw.emit(...args);
    }
    const arrival = nextEvent(alice.socket, 'peer-joined');
    raw.emit('join', { roomId });
    expect(await arrival).toEqual({ roomId, peerId: bob.config.peerId });
    expect(await bob.socket.timeout(3000).emitWithAck('hello')).toMatchObject({ ok: true });
  });

  it('lets a pair in one room relay while a bad client floods another room until cut off', async () => {
    const server = await harness.server({
      MAX_REFUSALS: '20',
      RATE_LIMIT_BURST: '10',
      RATE_LIMIT_PER_SECOND: '10',
    });
    const [roomA, roomB] = [randomRoomId(), randomRoomId()];
    const abuser = await harness.client(server.url);
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await abuser.socket.timeout(3000).emitWithAck('join', { roomId: roomA });
    await alice.socket.timeout(3000).emitWithAck('join', { roomId: roomB });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId: roomB });

    const gone = disconnected(abuser.socket);
    for (let i = 0; i < 200 && abuser.socket.connected; i++) {
      abuser.socket.emit(
        'signal',
        { roomId: roomA, to: alice.config.peerId, data: { i } },
        () => {},
      );
    }
    await gone;
    const received = nextEvent(bob.socket, 'signal');
    const ack = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId: roomB, to: bob.config.peerId, data: { type: 'offer' } });
    expect(ack).toMatchObject({ ok: true });
    expect(await received).toMatchObject({ from: alice.config.peerId, roomId: roomB });
  });
});
