// Several server processes behind a load balancer must behave as one room
// directory. These tests run them against a real redis-server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startRedis,
  startSignalServer,
  type RunningRedis,
  type RunningSignalServer,
} from '@shoal/testkit';
import { Harness, arrivesWithin, nextEvent, randomRoomId } from './test-support.ts';

const offer = { type: 'offer', sdp: 'v=0' };

let redis: RunningRedis;
const harness = new Harness();
const spawned: RunningSignalServer[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await harness.close();
  await Promise.all(spawned.splice(0).map((server) => server.stop()));
});
afterAll(async () => {
  await redis?.stop();
});

describe('two spawned server processes sharing Redis', () => {
  it('share joins, peer lists, relays, stranger checks and departures', async () => {
    const env = { REDIS_URL: redis.url, LOG_LEVEL: 'silent' };
    const [serverA, serverB] = await Promise.all([
      startSignalServer({ env }),
      startSignalServer({ env }),
    ]);
    spawned.push(serverA, serverB);
    const roomId = randomRoomId();
    const alice = await harness.client(serverA.url);
    const bob = await harness.client(serverB.url);
    const carol = await harness.client(serverB.url);

    expect(await alice.socket.timeout(3000).emitWithAck('join', { roomId })).toMatchObject({
      ok: true,
      value: { peers: [] },
    });
    const arrival = nextEvent(alice.socket, 'peer-joined');
    const bobJoin = await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    expect(bobJoin).toEqual({
      ok: true,
      value: { roomId, peerId: bob.config.peerId, peers: [alice.config.peerId] },
    });
    expect(await arrival).toEqual({ roomId, peerId: bob.config.peerId });

    const atAlice = nextEvent(alice.socket, 'signal');
    const sent = await bob.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: alice.config.peerId, data: offer });
    expect(sent).toEqual({ ok: true, value: { roomId, to: alice.config.peerId } });
    expect(await atAlice).toEqual({ roomId, from: bob.config.peerId, data: offer });

    const atBob = nextEvent(bob.socket, 'signal');
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: bob.config.peerId, data: { answer: 1 } });
    expect(await atBob).toEqual({ roomId, from: alice.config.peerId, data: { answer: 1 } });

    // Carol is connected to B but in no room with Alice: refused across processes.
    await carol.socket.timeout(3000).emitWithAck('join', { roomId: randomRoomId() });
    const carolHears = arrivesWithin(carol.socket, 'signal', 300);
    const toStranger = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: carol.config.peerId, data: offer });
    expect(toStranger).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
    expect(await carolHears).toBe(false);

    const departure = nextEvent(alice.socket, 'peer-left');
    bob.socket.disconnect();
    expect(await departure).toEqual({ roomId, peerId: bob.config.peerId });
  });

  it('exits cleanly on SIGTERM, disconnecting its clients', async () => {
    const server = await startSignalServer({ env: { REDIS_URL: redis.url, LOG_LEVEL: 'info' } });
    spawned.push(server);
    const alice = await harness.client(server.url);
    const gone = nextEvent(alice.socket, 'disconnect');
    await server.stop();
    expect(server.process.exitCode).toBe(0);
    await gone;
    expect(server.output()).toContain('"event":"shutdown"');
  });

  it('refuses to start with an invalid configuration and says why', async () => {
    const failure = startSignalServer({
      env: { ICE_SERVERS: '[{"url":"stun:x"}]', MAX_PEERS_PER_ROOM: 'lots' },
    });
    await expect(failure).rejects.toThrow(/ICE_SERVERS is invalid: \[0\] has unknown field "url"/);
    await expect(failure).rejects.toThrow(/MAX_PEERS_PER_ROOM must be an integer/);
  });
});

describe('two in-process servers sharing Redis', () => {
  it('count room members on both processes when deciding a room is full', async () => {
    const env = { REDIS_URL: redis.url, MAX_PEERS_PER_ROOM: '2' };
    const serverA = await harness.server(env);
    const serverB = await harness.server(env);
    const roomId = randomRoomId();
    const alice = await harness.client(serverA.url);
    const bob = await harness.client(serverB.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });

    for (const url of [serverA.url, serverB.url]) {
      const late = await harness.client(url);
      const ack = await late.socket.timeout(3000).emitWithAck('join', { roomId });
      expect(ack).toMatchObject({ ok: false, error: { code: 'room-full' } });
    }

    const departure = nextEvent(alice.socket, 'peer-left');
    await bob.socket.timeout(3000).emitWithAck('leave', { roomId });
    await departure;
    const late = await harness.client(serverB.url);
    const ack = await late.socket.timeout(3000).emitWithAck('join', { roomId });
    expect(ack).toEqual({
      ok: true,
      value: { roomId, peerId: late.config.peerId, peers: [alice.config.peerId] },
    });
  });

  it('report Redis as connected in /healthz', async () => {
    const server = await harness.server({ REDIS_URL: redis.url });
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', redis: 'connected' });
  });

  it('never let racing joins on two processes overfill a room', async () => {
    const env = { REDIS_URL: redis.url, MAX_PEERS_PER_ROOM: '2' };
    const servers = [await harness.server(env), await harness.server(env)];
    const roomId = randomRoomId();
    const clients = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => harness.client(servers[i % 2]!.url)),
    );
    const acks = await Promise.all(
      clients.map((c) => c.socket.timeout(5000).emitWithAck('join', { roomId })),
    );
    const admitted = acks.filter((ack) => ack.ok).length;
    expect(admitted).toBeLessThanOrEqual(2);
    for (const ack of acks) if (!ack.ok) expect(ack.error.code).toBe('room-full');
    const counted = await Promise.all(servers.map((s) => s.io.in(`room:${roomId}`).fetchSockets()));
    expect(counted[0]!.length).toBe(admitted);
  });
});

describe('a Redis outage', () => {
  it('turns cross-process requests into server-error acks while local relays and health keep working', async () => {
    const ownRedis = await startRedis();
    try {
      const env = { REDIS_URL: ownRedis.url };
      const serverA = await harness.server(env);
      const serverB = await harness.server(env);
      const roomId = randomRoomId();
      const alice = await harness.client(serverA.url);
      const carol = await harness.client(serverA.url);
      const bob = await harness.client(serverB.url);
      for (const peer of [alice, carol, bob])
        await peer.socket.timeout(3000).emitWithAck('join', { roomId });

      await ownRedis.stop();
      const toRemote = await alice.socket
        .timeout(10_000)
        .emitWithAck('signal', { roomId, to: bob.config.peerId, data: { type: 'offer' } });
      expect(toRemote).toMatchObject({ ok: false, error: { code: 'server-error' } });

      const atCarol = nextEvent(carol.socket, 'signal');
      const toLocal = await alice.socket
        .timeout(3000)
        .emitWithAck('signal', { roomId, to: carol.config.peerId, data: { type: 'offer' } });
      expect(toLocal).toMatchObject({ ok: true });
      await atCarol;

      const health = (await (await fetch(`${serverA.url}/healthz`)).json()) as Record<
        string,
        unknown
      >;
      expect(health).toMatchObject({ status: 'degraded', redis: 'disconnected' });
    } finally {
      await harness.close();
      await ownRedis.stop();
    }
  }, 30_000);
});
