// The shared room directory against a real redis-server, with two or three
// directories standing in for server processes. They share one ManualClock: the
// refreshes, the liveness cache and the sweeps run when a test advances it, and a
// key's TTL runs out when a test makes it lapse (lapse()), never by waiting.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '@shoal/testkit';
import { createLogger } from './log.ts';
import { ManualClock } from './manual-clock.ts';
import { connectRedis, type RedisLink } from './redis.ts';
import { REFRESHES_PER_TTL, RedisRoomDirectory } from './redis-room-directory.ts';
import {
  countsKey,
  membersKey,
  PROCESSES_KEY,
  processKey,
  processRoomsKey,
  SWEEP_LOCK_KEY,
} from './redis-room-keys.ts';
import { SWEEP_EVERY_TTLS, SWEEP_ENTRIES_PER_STEP } from './redis-room-sweep.ts';
import { lapse, randomRoomId } from './test-support.ts';

/**
 * The liveness TTL. Redis counts it on the wall clock, so it is long enough that no
 * key lapses by itself while a test runs: the tests make keys lapse (lapse()).
 */
const TTL_MS = 60_000;
/** A directory refreshes its key, and trusts what it last read of another's, for this long. */
const REFRESH_MS = TTL_MS / REFRESHES_PER_TTL;
/** A directory sweeps (and holds the sweep lock for) this long. */
const SWEEP_MS = TTL_MS * SWEEP_EVERY_TTLS;

let redis: RunningRedis;
let clock: ManualClock;
const links: RedisLink[] = [];
const directories: RedisRoomDirectory[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
beforeEach(() => {
  clock = new ManualClock();
});
afterEach(async () => {
  for (const directory of directories.splice(0)) await directory.close();
  await Promise.all(links.splice(0).map((link) => link.close()));
});
afterAll(async () => {
  await redis?.stop();
});

/** A directory as one process would run it; `local` stands in for that process's sockets. */
async function processDirectory(local = new Map<string, Set<string>>()) {
  const link = await connectRedis(redis.url, createLogger('silent'));
  links.push(link);
  const directory = new RedisRoomDirectory({
    client: link.client,
    logger: createLogger('silent'),
    livenessTtlMs: TTL_MS,
    clock,
    isLocalMember: (roomId, peerId) => local.get(roomId)?.has(peerId) ?? false,
    isLocalRoom: (roomId) => (local.get(roomId)?.size ?? 0) > 0,
    localMembers: () => [...local].map(([roomId, peers]) => [roomId, [...peers]]),
  });
  await directory.start();
  directories.push(directory);
  const join = async (roomId: string, peerId: string) => {
    if (!local.has(roomId)) local.set(roomId, new Set());
    local.get(roomId)!.add(peerId);
    await directory.add(roomId, peerId);
  };
  const leave = async (roomId: string, peerId: string) => {
    local.get(roomId)?.delete(peerId);
    await directory.remove(roomId, peerId);
  };
  /** What SIGKILL does: the process stops refreshing and never cleans up. */
  const kill = async () => {
    await link.close();
    await directory.close();
  };
  return { directory, local, join, leave, kill };
}

/** A connection of the test's own, to look at what is left in Redis. */
async function inspector() {
  const link = await connectRedis(redis.url, createLogger('silent'));
  links.push(link);
  return link.client;
}

describe('RedisRoomDirectory', () => {
  it('samples, counts and finds members held by other processes', async () => {
    const a = await processDirectory();
    const b = await processDirectory();
    const roomId = randomRoomId();
    for (let i = 0; i < 5; i++) await a.join(roomId, `a${i}`);
    for (let i = 0; i < 5; i++) await b.join(roomId, `b${i}`);
    expect(await a.directory.size(roomId)).toBe(10);
    expect(await b.directory.has(roomId, 'a3')).toBe(true);
    expect(await a.directory.has(roomId, 'b3')).toBe(true);
    expect(await a.directory.has(roomId, 'nobody')).toBe(false);
    const all = await a.directory.sample(roomId, 30, 'a0');
    expect(all.sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4']);
    for (let round = 0; round < 20; round++) {
      const picked = await a.directory.sample(roomId, 4, 'b2');
      expect(new Set(picked).size).toBe(4);
      expect(picked).not.toContain('b2');
    }
  });

  it('counts each member once and forgets those removed, on any process', async () => {
    const a = await processDirectory();
    const b = await processDirectory();
    const roomId = randomRoomId();
    await a.join(roomId, 'x');
    await a.join(roomId, 'x');
    await b.join(roomId, 'y');
    expect(await b.directory.size(roomId)).toBe(2);
    await a.directory.remove(roomId, 'x');
    await a.directory.remove(roomId, 'x');
    await a.directory.remove(roomId, 'stranger');
    expect(await b.directory.size(roomId)).toBe(1);
    expect(await b.directory.sample(roomId, 5)).toEqual(['y']);
    expect(await b.directory.has(roomId, 'x')).toBe(false);
  });

  it('drops a killed process from counts at once its key expires, and its members when met', async () => {
    const a = await processDirectory();
    const b = await processDirectory();
    const roomId = randomRoomId();
    for (let i = 0; i < 3; i++) await a.join(roomId, `a${i}`);
    for (let i = 0; i < 20; i++) await b.join(roomId, `b${i}`);
    await b.kill();
    await lapse(await inspector(), processKey(b.directory.processId), TTL_MS);
    expect(await a.directory.size(roomId)).toBe(3);
    expect(await a.directory.has(roomId, 'b7')).toBe(false);
    // Most of the room is dead: sampling removes what it meets and draws again, twice
    // as many each time (3, 6, 12, 24: the last covers what is left), to fill k.
    expect((await a.directory.sample(roomId, 2, 'a0')).sort()).toEqual(['a1', 'a2']);
    expect((await a.directory.sample(roomId, 30)).sort()).toEqual(['a0', 'a1', 'a2']);
    await a.join(roomId, 'a3');
    expect(await a.directory.size(roomId)).toBe(4);
  });

  it("answers an add with the room's live size in the same round trip, without asking for it again", async () => {
    const a = await processDirectory();
    const b = await processDirectory();
    const roomId = randomRoomId();
    await b.join(roomId, 'b0');
    await b.join(roomId, 'b1');
    // Count what A's directory sends from here on.
    const calls: string[] = [];
    const client = links[0]!.client;
    const counting = new Proxy(client, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(name));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const directory = new RedisRoomDirectory({
      client: counting,
      logger: createLogger('silent'),
      livenessTtlMs: TTL_MS,
      clock,
      isLocalMember: () => true,
      isLocalRoom: () => true,
      localMembers: () => [],
    });
    directories.push(directory);
    await directory.start();
    calls.length = 0;
    expect(await directory.add(roomId, 'a0')).toBe(3);
    // The script and, for a room new to this process, its registration: sent together.
    expect(calls.sort()).toEqual(['eval', 'exists', 'sAdd']); // exists: B's liveness, read once
    calls.length = 0;
    expect(await directory.add(roomId, 'a1')).toBe(4);
    expect(await directory.add(roomId, 'a1')).toBe(4);
    expect(calls).toEqual(['eval', 'eval']);
    // A dead process's members no longer count, once what was read of it is a refresh old.
    await b.kill();
    await lapse(await inspector(), processKey(b.directory.processId), TTL_MS);
    await clock.advance(REFRESH_MS);
    expect(await directory.add(roomId, 'a2')).toBe(3);
    expect(await a.directory.size(roomId)).toBe(3);
  });

  it('keeps its key alive, refreshing it every third of the TTL, until it closes', async () => {
    const redisClient = await inspector();
    const a = await processDirectory();
    const key = processKey(a.directory.processId);
    // As if the key were about to lapse: A's next refresh sets the whole TTL again.
    const shortened = REFRESH_MS / 2;
    await redisClient.pExpire(key, shortened);
    await clock.advance(REFRESH_MS - 1);
    expect(await redisClient.pTTL(key)).toBeLessThanOrEqual(shortened);
    await clock.advance(1);
    expect(await redisClient.pTTL(key)).toBeGreaterThan(TTL_MS - REFRESH_MS);
    // Closing deletes the key, and no refresh writes it again.
    await a.directory.close();
    expect(await redisClient.exists(key)).toBe(0);
    await clock.advance(TTL_MS);
    expect(await redisClient.exists(key)).toBe(0);
  });

  it('never samples an entry of its own whose socket has gone', async () => {
    const a = await processDirectory();
    const roomId = randomRoomId();
    await a.join(roomId, 'kept');
    await a.join(roomId, 'ghost');
    a.local.get(roomId)!.delete('ghost'); // as if its removal had been lost in an outage
    expect(await a.directory.sample(roomId, 5)).toEqual(['kept']);
    expect(await a.directory.has(roomId, 'ghost')).toBe(false);
    expect(await a.directory.size(roomId)).toBe(1);
  });

  it('puts its members back when it finds its own key expired while it lived', async () => {
    const a = await processDirectory();
    const b = await processDirectory();
    const roomId = randomRoomId();
    for (let i = 0; i < 4; i++) await a.join(roomId, `a${i}`);
    // Another process takes A for dead: A's key is gone, and B drops A's count and members.
    await lapse(await inspector(), processKey(a.directory.processId), TTL_MS);
    expect(await b.directory.size(roomId)).toBe(0);
    expect(await b.directory.sample(roomId, 10)).toEqual([]);
    // A's next refresh finds its key missing, and B's cached verdict is stale.
    await clock.advance(REFRESH_MS);
    expect(await b.directory.size(roomId)).toBe(4);
    expect((await b.directory.sample(roomId, 10)).sort()).toEqual(['a0', 'a1', 'a2', 'a3']);
  });
});

describe('the sweep for dead processes', () => {
  // Processes of earlier tests are dead (closed) but registered: start from an empty Redis.
  beforeEach(async () => {
    await (await inspector()).flushAll();
  });

  it("empties a killed process's rooms that nobody joins again, then unregisters it", async () => {
    const redisClient = await inspector();
    const a = await processDirectory();
    const b = await processDirectory();
    const abandoned = randomRoomId();
    const shared = randomRoomId();
    for (let i = 0; i < 3; i++) await b.join(abandoned, `b${i}`);
    await a.join(shared, 'a0');
    await a.join(shared, 'a1');
    // More than one sweep step's worth, so the room is walked in several bounded calls.
    const many = SWEEP_ENTRIES_PER_STEP * 2 + 500;
    await Promise.all(Array.from({ length: many }, (_, i) => b.join(shared, `b${i}`)));
    expect(await redisClient.hLen(membersKey(shared))).toBe(many + 2);
    const deadId = b.directory.processId;

    await b.kill();
    await lapse(redisClient, processKey(deadId), TTL_MS);
    // Nobody samples, counts or joins either room again: only A's next sweep can empty them.
    await clock.advance(SWEEP_MS);
    expect(await redisClient.exists([membersKey(abandoned), countsKey(abandoned)])).toBe(0);
    // The large room is walked in several steps.
    expect((await redisClient.hKeys(membersKey(shared))).sort()).toEqual(['a0', 'a1']);
    expect(await redisClient.hGetAll(countsKey(shared))).toEqual({ [a.directory.processId]: '2' });
    expect(await redisClient.sIsMember(PROCESSES_KEY, deadId)).toBe(0);
    expect(await redisClient.exists(processRoomsKey(deadId))).toBe(0);
    expect(await redisClient.sIsMember(PROCESSES_KEY, a.directory.processId)).toBe(1);
  }, 20_000);

  it('leaves the entries of live processes alone and lets one process sweep per period', async () => {
    const redisClient = await inspector();
    const a = await processDirectory();
    const b = await processDirectory();
    const roomId = randomRoomId();
    await a.join(roomId, 'a0');
    await b.join(roomId, 'b0');
    const [first, second] = await Promise.all([a.directory.sweep(), b.directory.sweep()]);
    expect([first, second].filter((report) => report === undefined)).toHaveLength(1);
    expect(first ?? second).toMatchObject({ entries: 0 });
    expect(await redisClient.hLen(membersKey(roomId))).toBe(2);
    expect(await a.directory.size(roomId)).toBe(2);
  });

  it('unregisters a room once its last member here leaves, and registers it again on a join', async () => {
    const redisClient = await inspector();
    const a = await processDirectory();
    const roomId = randomRoomId();
    const rooms = processRoomsKey(a.directory.processId);
    await a.join(roomId, 'x');
    await a.join(roomId, 'y');
    await a.leave(roomId, 'x');
    expect(await redisClient.sMembers(rooms)).toEqual([roomId]);
    await a.leave(roomId, 'y');
    expect(await redisClient.exists(rooms)).toBe(0);
    await a.join(roomId, 'z');
    expect(await redisClient.sMembers(rooms)).toEqual([roomId]);
  });

  it('registers a process again when it finds its key lapsed, so a later crash is swept too', async () => {
    const redisClient = await inspector();
    const a = await processDirectory();
    const b = await processDirectory();
    const roomId = randomRoomId();
    for (let i = 0; i < 3; i++) await a.join(roomId, `a${i}`);
    const id = a.directory.processId;
    // B takes A for dead and sweeps it: A's entries, rooms and registration are gone.
    await lapse(redisClient, processKey(id), TTL_MS);
    expect(await b.directory.sweep()).toMatchObject({ processes: 1, rooms: 1, entries: 3 });
    expect(await redisClient.exists([membersKey(roomId), processRoomsKey(id)])).toBe(0);
    // A's next refresh finds its key missing and puts everything back.
    await clock.advance(REFRESH_MS);
    expect(await redisClient.hLen(membersKey(roomId))).toBe(3);
    expect(await redisClient.sMembers(processRoomsKey(id))).toEqual([roomId]);
    expect(await redisClient.sIsMember(PROCESSES_KEY, id)).toBe(1);
    // Now A dies for real, and the lock B took runs out: B's next sweep finds A's room again.
    await a.kill();
    await lapse(redisClient, processKey(id), TTL_MS);
    await lapse(redisClient, SWEEP_LOCK_KEY, SWEEP_MS);
    await clock.advance(SWEEP_MS);
    expect(await redisClient.exists(membersKey(roomId))).toBe(0);
  });
});
