// The room directory shared by every process on one Redis (REDIS_URL). Per room
// two hashes: members (peer id -> id of the process holding its socket) and
// counts (process id -> how many of the room's members it holds). Adding and
// removing are one Lua script each, so the two never disagree; a sample is
// HRANDFIELD (O(k)); the size sums the counts of live processes (O(processes)).
//
// A process killed without cleanup leaves its members behind. Each process
// therefore keeps a liveness key, shoal:proc:<id>, alive with a TTL it refreshes;
// once the key has expired the process is dead: its counts no longer count, and
// its members are removed when a sample or a membership check comes across them.
// Rooms that nobody looks at again are emptied by a periodic sweep
// (redis-room-sweep.ts), which finds a dead process's rooms in the set of rooms
// each process registers as it first adds a member to one.
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from './clock.ts';
import type { Logger } from './log.ts';
import type { RedisCommandClient } from './redis.ts';
import {
  countsKey,
  membersKey,
  PROCESSES_KEY,
  processKey,
  processRoomsKey,
} from './redis-room-keys.ts';
import { RedisRoomSweep, SWEEP_EVERY_TTLS } from './redis-room-sweep.ts';
import type { RoomDirectory } from './room-directory.ts';

/**
 * How long a process stays alive in Redis after its last refresh. Long enough
 * that a busy event loop or a short Redis hiccup does not kill a live process,
 * short enough that a crashed process's members leave samples within seconds.
 */
export const DEFAULT_LIVENESS_TTL_MS = 15_000;
/**
 * Refresh the liveness key this many times per TTL, so two refreshes can fail before
 * it expires. What was read of another process's liveness is trusted as long.
 */
export const REFRESHES_PER_TTL = 3;
/**
 * A sample that met dead members removes them and samples again, at most this
 * many times in all, to fill k; after a crash most of a room may be dead, so
 * each round draws twice as many as the one before. Each dead entry is removed
 * once, so the extra draws are paid once per crashed member, not per join.
 */
const MAX_SAMPLE_ROUNDS = 4;

/**
 * KEYS: members, counts. ARGV: peer id, process id. Returns the counts afterwards
 * (HGETALL's flat field/value list), so a join learns the room's size in the same
 * round trip.
 */
const ADD_SCRIPT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
end
return redis.call('HGETALL', KEYS[2])`;

/** KEYS: members, counts. ARGV: peer id. A dead process's count may be gone already. */
const REMOVE_SCRIPT = `
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if not owner then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HEXISTS', KEYS[2], owner) == 1 and redis.call('HINCRBY', KEYS[2], owner, -1) <= 0 then
  redis.call('HDEL', KEYS[2], owner)
end
return 1`;

/** KEYS: members, counts. ARGV: process id, then every peer id it holds in the room. */
const RESTORE_SCRIPT = `
for i = 2, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], ARGV[1]) end
if #ARGV > 1 then redis.call('HSET', KEYS[2], ARGV[1], #ARGV - 1) else redis.call('HDEL', KEYS[2], ARGV[1]) end
return 0`;

export interface RedisRoomDirectoryOptions {
  client: RedisCommandClient;
  logger: Logger;
  livenessTtlMs?: number;
  /** Pause between sweeps for dead processes' entries; SWEEP_EVERY_TTLS liveness TTLs by default. */
  sweepIntervalMs?: number;
  /** Time and timers for the refresh, the liveness cache and the sweep; the system clock by default. */
  clock?: Clock;
  /**
   * Whether this process's socket `peerId` is in the room: entries this process
   * owns are checked here rather than trusted, so a removal lost to a Redis
   * outage does not leave a ghost.
   */
  isLocalMember(roomId: string, peerId: string): boolean;
  /** Whether any socket of this process is in the room: while none is, the room is not registered as this process's. */
  isLocalRoom(roomId: string): boolean;
  /** Every room with members on this process, and those members: to re-register them. */
  localMembers(): Iterable<[roomId: string, peerIds: string[]]>;
}

export class RedisRoomDirectory implements RoomDirectory {
  readonly processId = randomBytes(9).toString('base64url');
  readonly #client: RedisCommandClient;
  readonly #logger: Logger;
  readonly #ttlMs: number;
  readonly #isLocalMember: RedisRoomDirectoryOptions['isLocalMember'];
  readonly #localMembers: RedisRoomDirectoryOptions['localMembers'];
  readonly #isLocalRoom: RedisRoomDirectoryOptions['isLocalRoom'];
  /** Rooms this process has registered in processRoomsKey (or is registering), so each costs one SADD. */
  readonly #registered = new Set<string>();
  readonly #sweep: RedisRoomSweep;
  /** Other processes' liveness as last read, and when, so a sample rarely costs a second round trip. */
  readonly #liveness = new Map<string, { alive: boolean; at: number }>();
  readonly #clock: Clock;
  #stopRefreshing: (() => void) | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(options: RedisRoomDirectoryOptions) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.#ttlMs = options.livenessTtlMs ?? DEFAULT_LIVENESS_TTL_MS;
    this.#isLocalMember = options.isLocalMember;
    this.#localMembers = options.localMembers;
    this.#isLocalRoom = options.isLocalRoom;
    this.#clock = options.clock ?? systemClock;
    this.#sweep = new RedisRoomSweep({
      client: this.#client,
      logger: this.#logger,
      processId: this.processId,
      intervalMs: options.sweepIntervalMs ?? this.#ttlMs * SWEEP_EVERY_TTLS,
      clock: this.#clock,
    });
  }

  get #refreshMs(): number {
    return Math.floor(this.#ttlMs / REFRESHES_PER_TTL);
  }

  /** Marks this process alive and keeps it so until close(); sweeps for dead processes' entries meanwhile. */
  async start(): Promise<void> {
    await Promise.all([
      this.#client.set(processKey(this.processId), '1', {
        expiration: { type: 'PX', value: this.#ttlMs },
      }),
      this.#client.sAdd(PROCESSES_KEY, this.processId),
    ]);
    this.#stopRefreshing = this.#clock.every(
      this.#refreshMs,
      () => (this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined))),
    );
    this.#sweep.start();
  }

  /** One sweep now (tests; the timer runs them on its own). */
  sweep() {
    return this.#sweep.sweep();
  }

  async #refresh(): Promise<void> {
    try {
      // Registered again each time, in case a sweep unregistered a process it took for dead.
      const [previous] = await Promise.all([
        this.#client.set(processKey(this.processId), '1', {
          expiration: { type: 'PX', value: this.#ttlMs },
          GET: true,
        }),
        this.#client.sAdd(PROCESSES_KEY, this.processId),
      ]);
      if (previous !== null) return;
      // Our key expired (a stall or an outage longer than the TTL): others took this
      // process for dead and may have dropped its members, counts and rooms. Put them back.
      this.#logger.warn('redis-liveness-lost', { ttlMs: this.#ttlMs });
      for (const [roomId, peerIds] of this.#localMembers()) {
        this.#registered.add(roomId);
        await this.#client.sAdd(processRoomsKey(this.processId), roomId);
        await this.#client.eval(RESTORE_SCRIPT, {
          keys: [membersKey(roomId), countsKey(roomId)],
          arguments: [this.processId, ...peerIds],
        });
      }
    } catch (error) {
      this.#logger.warn('redis-liveness-refresh-failed', { error: String(error) });
    }
  }

  async add(roomId: string, peerId: string): Promise<number> {
    // The room is registered before the member lands (both are sent at once, in
    // this order, on one connection): a crash in between leaves nothing unfindable.
    const [, flat] = await Promise.all([
      this.#register(roomId),
      this.#client.eval(ADD_SCRIPT, {
        keys: [membersKey(roomId), countsKey(roomId)],
        arguments: [peerId, this.processId],
      }) as Promise<string[]>,
    ]);
    const counts: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) counts[flat[i]!] = flat[i + 1]!;
    return this.#liveTotal(roomId, counts);
  }

  async #register(roomId: string): Promise<void> {
    if (this.#registered.has(roomId)) return;
    this.#registered.add(roomId);
    try {
      await this.#client.sAdd(processRoomsKey(this.processId), roomId);
    } catch (error) {
      this.#registered.delete(roomId);
      throw error;
    }
  }

  async remove(roomId: string, peerId: string): Promise<void> {
    await this.#client.eval(REMOVE_SCRIPT, {
      keys: [membersKey(roomId), countsKey(roomId)],
      arguments: [peerId],
    });
    // This process's last member of the room is gone from Redis (a join that
    // raced in would have made the room local again first): forget the room.
    if (this.#registered.has(roomId) && !this.#isLocalRoom(roomId)) {
      this.#registered.delete(roomId);
      await this.#client.sRem(processRoomsKey(this.processId), roomId);
    }
  }

  async size(roomId: string): Promise<number> {
    return this.#liveTotal(roomId, await this.#client.hGetAll(countsKey(roomId)));
  }

  /** Sums the counts of live processes and drops the counts of dead ones. */
  async #liveTotal(roomId: string, counts: Record<string, string>): Promise<number> {
    const owners = Object.keys(counts);
    const alive = await this.#alive(owners);
    let total = 0;
    const dead: string[] = [];
    for (const owner of owners) {
      if (alive.has(owner)) total += Number(counts[owner]);
      else dead.push(owner);
    }
    if (dead.length > 0) await this.#client.hDel(countsKey(roomId), dead);
    return total;
  }

  async has(roomId: string, peerId: string): Promise<boolean> {
    const owner = await this.#client.hGet(membersKey(roomId), peerId);
    if (owner === null) return false;
    if (await this.#isLive(roomId, peerId, owner)) return true;
    await this.remove(roomId, peerId);
    return false;
  }

  async sample(roomId: string, k: number, excludePeerId?: string): Promise<string[]> {
    const want = Math.max(0, Math.floor(k));
    const found = new Set<string>();
    for (let round = 0; round < MAX_SAMPLE_ROUNDS && found.size < want; round++) {
      // One more than wanted, in case we draw the excluded member.
      const asked = (want + 1) * 2 ** round;
      const entries = await this.#client.hRandFieldCountWithValues(membersKey(roomId), asked);
      const alive = await this.#alive(entries.map((entry) => entry.value));
      const dead: string[] = [];
      for (const { field: peerId, value: owner } of entries) {
        if (peerId === excludePeerId) continue;
        const live =
          owner === this.processId ? this.#isLocalMember(roomId, peerId) : alive.has(owner);
        if (!live) dead.push(peerId);
        else if (found.size < want) found.add(peerId);
      }
      await Promise.all(dead.map((peerId) => this.remove(roomId, peerId)));
      // Nothing dead, or the room had no more to give: another round would draw the same.
      if (dead.length === 0 || entries.length < asked) break;
    }
    return [...found];
  }

  async #isLive(roomId: string, peerId: string, owner: string): Promise<boolean> {
    if (owner === this.processId) return this.#isLocalMember(roomId, peerId);
    return (await this.#alive([owner])).has(owner);
  }

  /** Which of these process ids are alive: this one always; others by their key, cached for one refresh interval. */
  async #alive(owners: Iterable<string>): Promise<Set<string>> {
    const now = this.#clock.now();
    const alive = new Set<string>();
    const unknown: string[] = [];
    for (const owner of new Set(owners)) {
      const known = this.#liveness.get(owner);
      if (owner === this.processId || (known?.alive && now - known.at < this.#refreshMs))
        alive.add(owner);
      else if (known && !known.alive && now - known.at < this.#refreshMs) continue;
      else unknown.push(owner);
    }
    if (unknown.length === 0) return alive;
    const found = await Promise.all(unknown.map((owner) => this.#client.exists(processKey(owner))));
    unknown.forEach((owner, i) => {
      const isAlive = found[i] === 1;
      this.#liveness.set(owner, { alive: isAlive, at: now });
      if (isAlive) alive.add(owner);
    });
    return alive;
  }

  /** Stops refreshing and deletes this process's key: its members are dead to the others at once. */
  async close(): Promise<void> {
    this.#stopRefreshing?.();
    await this.#sweep.stop();
    await this.#refreshing;
    if (this.#client.isReady) await this.#client.del(processKey(this.processId)).catch(() => 0);
  }
}
