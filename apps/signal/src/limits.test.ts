import { afterEach, describe, expect, it } from 'vitest';
import {
  Harness,
  closedOnServer,
  disconnected,
  nextEvent,
  randomRoomId,
  rawEmitWithAck,
} from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

describe('limits', () => {
  it('cuts a connection that sends a packet over MAX_MESSAGE_BYTES, and only that one', async () => {
    const server = await harness.server({ MAX_MESSAGE_BYTES: '2048', MAX_SIGNAL_BYTES: '1024' });
    const roomId = randomRoomId();
    const bystander = await harness.client(server.url);
    const sender = await harness.client(server.url);
    await sender.socket.timeout(3000).emitWithAck('join', { roomId });
    const gone = disconnected(sender.socket);
    sender.socket.emit('signal', { roomId, to: 'x', data: { sdp: 'x'.repeat(4096) } }, () => {});
    expect(await gone).toMatch(/transport/);
    expect(await bystander.socket.timeout(3000).emitWithAck('join', { roomId })).toMatchObject({
      ok: true,
    });
  });

  it('refuses a signal over MAX_SIGNAL_BYTES that still fits in a packet', async () => {
    const server = await harness.server({ MAX_MESSAGE_BYTES: '4096', MAX_SIGNAL_BYTES: '1024' });
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    const to = bob.config.peerId;
    const big = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to, data: { sdp: 'x'.repeat(1100) } });
    expect(big).toMatchObject({ ok: false, error: { code: 'payload-too-large' } });
    const small = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to, data: { sdp: 'x'.repeat(900) } });
    expect(small).toMatchObject({ ok: true });
    expect(alice.config.limits.maxSignalBytes).toBe(1024);
  });

  it('refuses a joiner with room-full once MAX_PEERS_PER_ROOM are in, and admits one after a departure', async () => {
    const server = await harness.server({ MAX_PEERS_PER_ROOM: '3' });
    const roomId = randomRoomId();
    const members = [
      await harness.client(server.url),
      await harness.client(server.url),
      await harness.client(server.url),
    ];
    for (const member of members) {
      expect(await member.socket.timeout(3000).emitWithAck('join', { roomId })).toMatchObject({
        ok: true,
      });
    }
    const late = await harness.client(server.url);
    expect(await late.socket.timeout(3000).emitWithAck('join', { roomId })).toMatchObject({
      ok: false,
      error: { code: 'room-full' },
    });
    expect(
      await late.socket.timeout(3000).emitWithAck('join', { roomId: randomRoomId() }),
    ).toMatchObject({ ok: true });

    const departure = nextEvent(members[0]!.socket, 'peer-left');
    members[2]!.socket.disconnect();
    await departure;
    expect(await late.socket.timeout(3000).emitWithAck('join', { roomId })).toMatchObject({
      ok: true,
    });
  });

  it('refuses a join beyond MAX_ROOMS_PER_CONNECTION with too-many-rooms', async () => {
    const server = await harness.server({ MAX_ROOMS_PER_CONNECTION: '2' });
    const alice = await harness.client(server.url);
    const rooms = [randomRoomId(), randomRoomId(), randomRoomId()];
    expect(
      await alice.socket.timeout(3000).emitWithAck('join', { roomId: rooms[0]! }),
    ).toMatchObject({ ok: true });
    expect(
      await alice.socket.timeout(3000).emitWithAck('join', { roomId: rooms[1]! }),
    ).toMatchObject({ ok: true });
    expect(
      await alice.socket.timeout(3000).emitWithAck('join', { roomId: rooms[2]! }),
    ).toMatchObject({
      ok: false,
      error: { code: 'too-many-rooms' },
    });
    await alice.socket.timeout(3000).emitWithAck('leave', { roomId: rooms[0]! });
    expect(
      await alice.socket.timeout(3000).emitWithAck('join', { roomId: rooms[2]! }),
    ).toMatchObject({ ok: true });
  });

  it('counts joins still in flight against MAX_ROOMS_PER_CONNECTION', async () => {
    const server = await harness.server({ MAX_ROOMS_PER_CONNECTION: '2' });
    const alice = await harness.client(server.url);
    const acks = await Promise.all(
      [randomRoomId(), randomRoomId(), randomRoomId(), randomRoomId()].map((roomId) =>
        alice.socket.timeout(3000).emitWithAck('join', { roomId }),
      ),
    );
    expect(acks.filter((ack) => ack.ok)).toHaveLength(2);
    expect(acks.filter((ack) => !ack.ok && ack.error.code === 'too-many-rooms')).toHaveLength(2);
  });

  it('answers joins to one room sent while the first is in flight like repeated joins', async () => {
    const server = await harness.server({ MAX_ROOMS_PER_CONNECTION: '2' });
    const member = await harness.client(server.url);
    const [roomId, other] = [randomRoomId(), randomRoomId()];
    await member.socket.timeout(3000).emitWithAck('join', { roomId });
    const alice = await harness.client(server.url);
    const acks = await Promise.all(
      [roomId, roomId, roomId, other].map((id) =>
        alice.socket.timeout(3000).emitWithAck('join', { roomId: id }),
      ),
    );
    const peers = { ok: true, value: { roomId, peers: [member.config.peerId] } };
    expect(acks).toMatchObject([peers, peers, peers, { ok: true, value: { roomId: other } }]);
    expect(server.metrics.joinsTotal).toBe(3);
  });

  it('refuses every join racing into a full room with room-full', async () => {
    const server = await harness.server({ MAX_PEERS_PER_ROOM: '2' });
    const roomId = randomRoomId();
    for (let i = 0; i < 2; i++) {
      const { socket } = await harness.client(server.url);
      await socket.timeout(3000).emitWithAck('join', { roomId });
    }
    const late = await harness.client(server.url);
    const acks = await Promise.all(
      Array.from({ length: 5 }, () => late.socket.timeout(3000).emitWithAck('join', { roomId })),
    );
    expect(acks.map((ack) => (ack.ok ? 'ok' : ack.error.code))).toEqual(
      Array.from({ length: 5 }, () => 'room-full'),
    );
  });

  it('refuses events beyond the token bucket with rate-limited, then recovers', async () => {
    // The server's clock is the test's: the bucket refills when the test says time passed.
    let time = 1_000_000;
    const server = await harness.server(
      { RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_SECOND: '2', MAX_REFUSALS: '100' },
      { now: () => time },
    );
    const alice = await harness.client(server.url);
    const acks = await Promise.all(
      Array.from({ length: 8 }, () => alice.socket.timeout(3000).emitWithAck('hello')),
    );
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true, true, true, false, false, false]);
    expect(acks[7]).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    expect(await alice.socket.timeout(3000).emitWithAck('hello')).toMatchObject({ ok: false });
    time += 600; // 2 per second: a token is back after 500 ms
    expect(await alice.socket.timeout(3000).emitWithAck('hello')).toMatchObject({ ok: true });
  });

  it('disconnects a connection after MAX_REFUSALS refusals within the window', async () => {
    const server = await harness.server({ MAX_REFUSALS: '5', REFUSAL_WINDOW_MS: '10000' });
    const abuser = await harness.client(server.url);
    const gone = disconnected(abuser.socket);
    for (let i = 0; i < 5; i++) abuser.socket.emit('join', { roomId: 'not a room id' }, () => {});
    expect(await gone).toBe('io server disconnect');
    expect(server.metrics.abusiveDisconnectsTotal).toBe(1);
  });

  it('drops, without refusing or counting, events queued behind the refusal that cut the connection', async () => {
    const server = await harness.server({
      MAX_REFUSALS: '5',
      RATE_LIMIT_BURST: '10',
      RATE_LIMIT_PER_SECOND: '1',
    });
    const hammerer = await harness.client(server.url);
    const hammererGone = disconnected(hammerer.socket);
    const hammererClosed = closedOnServer(server, hammerer.socket);
    for (let i = 0; i < 100; i++) hammerer.socket.emit('hello', () => {});
    expect(await hammererGone).toBe('io server disconnect');
    const prober = await harness.client(server.url);
    const proberGone = disconnected(prober.socket);
    const proberClosed = closedOnServer(server, prober.socket);
    const raw = prober.socket as unknown as { emit: (...args: unknown[]) => void };
    for (let i = 0; i < 100; i++) raw.emit('probe', i, () => {});
    expect(await proberGone).toBe('io server disconnect');
    // The server has closed both connections: it has handled all it read from them.
    await Promise.all([hammererClosed, proberClosed]);
    expect(server.metrics.refusals.get('rate-limited')).toBe(5);
    expect(server.metrics.refusals.get('unknown-event')).toBe(5);
    expect(server.metrics.abusiveDisconnectsTotal).toBe(2);
  });

  it('rate-limits unknown events too, so they cannot be used to flood', async () => {
    const server = await harness.server({
      RATE_LIMIT_BURST: '2',
      RATE_LIMIT_PER_SECOND: '1',
      MAX_REFUSALS: '100',
    });
    const alice = await harness.client(server.url);
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const ack = (await rawEmitWithAck(alice.socket, 'flood', i)) as { error: { code: string } };
      codes.push(ack.error.code);
    }
    expect(codes).toEqual(['unknown-event', 'unknown-event', 'rate-limited']);
  });
});
