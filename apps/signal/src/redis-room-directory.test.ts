// The shared room directory against a real redis-server, with two or three
// directories standing in for server processes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '@shoal/testkit';
import { createLogger } from './log.ts';
import { connectRedis, type RedisLink } from './redis.ts';
import { RedisRoomDirectory } from './redis-room-directory.ts';
import { randomRoomId } from './test-support.ts';

/** Short, so that a killed process is dead within a test; refreshed every third of it. */
const TTL_MS = 600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: RunningRedis;
const links: RedisLink[] = [];
const directories: RedisRoomDirectory[] = [];

beforeAll(async () => {
  redis = await startRedis();
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
    isLocalMember: (roomId, peerId) => local.get(roomId)?.has(peerId) ?? false,
    localMembers: () => [...local].map(([roomId, peers]) => [roomId, [...peers]]),
  });
  await directory.start();
  directories.push(directory);
  const join = async (roomId: string, peerId: string) => {
    if (!local.has(roomId)) local.set(roomId, new Set());
    local.get(roomId)!.add(peerId);
    await directory.add(roomId, peerId);
  };
  /** What SIGKILL does: the process stops refreshing and never cleans up. */
  const kill = async () => {
    await link.close();
    await directory.close();
  };
  return { directory, local, join, kill };
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
    await sleep(TTL_MS * 2);
    expect(await a.directory.size(roomId)).toBe(3);
    expect(await a.directory.has(roomId, 'b7')).toBe(false);
    // Most of the room is dead: sampling removes what it meets and draws again, twice
    // as many each time (3, 6, 12, 24: the last covers what is left), to fill k.
    expect((await a.directory.sample(roomId, 2, 'a0')).sort()).toEqual(['a1', 'a2']);
    expect((await a.directory.sample(roomId, 30)).sort()).toEqual(['a0', 'a1', 'a2']);
    await a.join(roomId, 'a3');
    expect(await a.directory.size(roomId)).toBe(4);
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
    const client = links[1]!.client;
    await client.del(`shoal:proc:${a.directory.processId}`);
    expect(await b.directory.size(roomId)).toBe(0);
    expect(await b.directory.sample(roomId, 10)).toEqual([]);
    await sleep(TTL_MS); // A's next refresh finds its key missing, and B's cached verdict is stale
    expect(await b.directory.size(roomId)).toBe(4);
    expect((await b.directory.sample(roomId, 10)).sort()).toEqual(['a0', 'a1', 'a2', 'a3']);
  });
});
