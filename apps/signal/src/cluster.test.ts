// Several server processes behind a load balancer must behave as one room
// directory. These tests run them against a real redis-server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RelayedSignal } from '@shoal/protocol';
import {
  startRedis,
  startSignalServer,
  type RunningRedis,
  type RunningSignalServer,
} from '@shoal/testkit';
import { createLogger } from './log.ts';
import { connectRedis } from './redis.ts';
import { REFRESHES_PER_TTL } from './redis-room-directory.ts';
import { countsKey, membersKey, processKey, SWEEP_LOCK_KEY } from './redis-room-keys.ts';
import { SWEEP_EVERY_TTLS } from './redis-room-sweep.ts';
import { EventLog, Harness, lapse, nextEvent, randomRoomId } from './test-support.ts';

const offer = { type: 'offer', sdp: 'v=0' };
/** A short liveness TTL (REDIS_LIVENESS_TTL_MS), so that the servers' sweeps come within the test. */
const LIVENESS_TTL_MS = 1_000;
/** How long a server sweeps, and holds the sweep lock, with that TTL. */
const SWEEP_MS = LIVENESS_TTL_MS * SWEEP_EVERY_TTLS;

/** Resolves with the fields of the next line `server` logs (JSON, one object a line on stdout) for `event`. */
function nextLogged(
  server: RunningSignalServer,
  event: string,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const stdout = server.process.stdout!;
  return new Promise((resolve, reject) => {
    let partial = '';
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        let fields: Record<string, unknown>;
        try {
          fields = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue; // not a log line
        }
        if (fields.event !== event) continue;
        stop();
        return resolve(fields);
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the server logged no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = () => {
      clearTimeout(timer);
      stdout.off('data', onData);
    };
    stdout.on('data', onData);
  });
}

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
    const carolHeard = new EventLog<RelayedSignal>(carol.socket, 'signal');
    const toStranger = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: carol.config.peerId, data: offer });
    expect(toStranger).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
    // Barrier: once Carol is in the room, Alice's next signal to her goes the same way
    // (A publishes on Carol's channel through one Redis connection, B delivers in that
    // order), so it comes after anything the refused one sent.
    await carol.socket.timeout(3000).emitWithAck('join', { roomId });
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: carol.config.peerId, data: { type: 'barrier' } });
    expect(await carolHeard.until((event) => event.data.type === 'barrier')).toEqual([]);

    const departure = nextEvent(alice.socket, 'peer-left');
    bob.socket.disconnect();
    expect(await departure).toEqual({ roomId, peerId: bob.config.peerId });
  });

  it('forget a SIGKILLed process once its liveness key lapses: its members leave samples and free the room', async () => {
    const env = {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'silent',
      REDIS_LIVENESS_TTL_MS: String(LIVENESS_TTL_MS),
      MAX_PEERS_PER_ROOM: '8',
    };
    const [serverA, serverB] = await Promise.all([
      startSignalServer({ env }),
      startSignalServer({ env }),
    ]);
    spawned.push(serverA, serverB);
    const roomId = randomRoomId();
    const join = async (url: string) => {
      const peer = await harness.client(url);
      const ack = await peer.socket.timeout(3000).emitWithAck('join', { roomId });
      return { ...peer, ack };
    };
    const onB: string[] = [];
    for (let i = 0; i < 4; i++) onB.push((await join(serverB.url)).config.peerId);
    const onA = [await join(serverA.url), await join(serverA.url), await join(serverA.url)];

    // A join on A is answered with members held by B, and can signal them.
    const last = await join(serverA.url);
    expect(last.ack.ok && last.ack.value.peers).toEqual(expect.arrayContaining(onB));
    const relayed = await last.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: onB[0]!, data: offer });
    expect(relayed).toEqual({ ok: true, value: { roomId, to: onB[0] } });
    const full = await join(serverA.url);
    expect(full.ack).toMatchObject({ ok: false, error: { code: 'room-full' } });

    const exited = new Promise((resolve) => serverB.process.once('exit', resolve));
    serverB.process.kill('SIGKILL');
    await exited;
    // Nothing refreshes B's liveness key any more: it lapses now rather than within the TTL.
    const link = await connectRedis(redis.url, createLogger('silent'));
    try {
      const deadId = await link.client.hGet(membersKey(roomId), onB[0]!);
      await lapse(link.client, processKey(deadId!), LIVENESS_TTL_MS);
    } finally {
      await link.close();
    }
    // A trusts what it last read of B's liveness (before the kill) for a refresh interval
    // by its own clock, which the test cannot move in another process. A compares Date.now()
    // readings, so once the wall clock is that far past now, its next join reads again;
    // a loaded machine only makes this wait longer, never too short.
    const trustedUntil = Date.now() + Math.ceil(LIVENESS_TTL_MS / REFRESHES_PER_TTL) + 1;
    while (Date.now() < trustedUntil) {
      await new Promise((resolve) => setTimeout(resolve, trustedUntil - Date.now()));
    }

    const fresh = [];
    for (let i = 0; i < 4; i++) fresh.push(await join(serverA.url));
    const living = [...onA, last, ...fresh].map((peer) => peer.config.peerId);
    for (const peer of fresh) {
      expect(peer.ack.ok).toBe(true);
      if (peer.ack.ok) for (const id of peer.ack.value.peers) expect(living).toContain(id);
    }
    expect((await join(serverA.url)).ack).toMatchObject({
      ok: false,
      error: { code: 'room-full' },
    });
    const toDead = await last.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: onB[1]!, data: offer });
    expect(toDead).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
  }, 30_000);

  it("empty a SIGKILLed process's room in Redis though nobody joins it again", async () => {
    const link = await connectRedis(redis.url, createLogger('silent'));
    try {
      // Earlier tests left dead processes behind: start from an empty Redis, so that the
      // first sweep of A's to remove anything is the one that finds B.
      await link.client.flushAll();
      const env = {
        REDIS_URL: redis.url,
        LOG_LEVEL: 'silent',
        REDIS_LIVENESS_TTL_MS: String(LIVENESS_TTL_MS),
      };
      const [serverA, serverB] = await Promise.all([
        startSignalServer({ env: { ...env, LOG_LEVEL: 'info' } }),
        startSignalServer({ env }),
      ]);
      spawned.push(serverA, serverB);
      // A logs each sweep that removed something (redis-room-sweep.ts). Its sweeps run on
      // its own timer, every SWEEP_MS: within two periods of the lapse below, with slack.
      const swept = nextLogged(serverA, 'redis-sweep', SWEEP_MS * 2 + 5_000);
      swept.catch(() => undefined); // awaited below; not unhandled if the test fails first
      const abandoned = randomRoomId();
      for (let i = 0; i < 3; i++) {
        const peer = await harness.client(serverB.url);
        await peer.socket.timeout(3000).emitWithAck('join', { roomId: abandoned });
      }
      const alice = await harness.client(serverA.url);
      await alice.socket.timeout(3000).emitWithAck('join', { roomId: randomRoomId() });
      const left = () => link.client.exists([membersKey(abandoned), countsKey(abandoned)]);
      expect(await left()).toBe(2);
      const [deadId] = await link.client.hVals(membersKey(abandoned));

      const exited = new Promise((resolve) => serverB.process.once('exit', resolve));
      serverB.process.kill('SIGKILL');
      await exited;
      // Nothing refreshes B's key any more: it lapses now rather than within the TTL. So
      // does the sweep lock, which B may have held (a lock A takes meanwhile is A's own).
      await lapse(link.client, processKey(deadId!), LIVENESS_TTL_MS);
      const lock = await link.client.pTTL(SWEEP_LOCK_KEY);
      expect(lock).toBeLessThanOrEqual(SWEEP_MS);
      if (lock > 0) await link.client.del(SWEEP_LOCK_KEY);
      expect(await swept).toMatchObject({ processes: 1, rooms: 1, entries: 3 });
      expect(await left()).toBe(0);
    } finally {
      await link.close();
    }
  }, 30_000);

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
