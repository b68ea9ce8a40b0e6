// Empties the rooms of dead processes in Redis, whether or not anyone looks at
// those rooms again. A process killed without cleanup leaves its members and
// counts behind; samples and membership checks remove what they come across
// (redis-room-directory.ts), but a room nobody joins again would keep them for
// ever. So every live process, every few liveness TTLs, tries to take a lock;
// the one that gets it lists the registered processes (PROCESSES_KEY), and for
// each whose liveness key has expired walks the rooms it registered
// (processRoomsKey) and deletes its entries there.
//
// Every step is bounded: one script call scans at most SWEEP_ENTRIES_PER_STEP
// entries of one room (HSCAN), and rooms are taken SWEEP_ROOMS_PER_STEP at a
// time, so Redis never runs one long command and a 10,000-member room is a
// dozen calls. The steps run one after another, never in parallel.
//
// A process taken for dead that comes back (its key lapsed in a stall) writes
// its members back and registers itself and its rooms again
// (redis-room-directory.ts); the liveness of the process being swept is read
// again before each room, so a sweep and a comeback overlap by at most one
// round trip, as the lazy purge in samples already may.
import type { Clock } from './clock.ts';
import type { Logger } from './log.ts';
import type { RedisCommandClient } from './redis.ts';
import {
  countsKey,
  membersKey,
  PROCESSES_KEY,
  processKey,
  processRoomsKey,
  SWEEP_LOCK_KEY,
} from './redis-room-keys.ts';

/**
 * A live process sweeps every this many liveness TTLs (30 s with the default
 * 15 s): a crashed process's entries are gone from Redis within three TTLs of
 * its death (five if it died holding the lock, which then runs out first), and a sweep that finds nothing costs one SET NX every 30 s
 * per process plus, for the lock holder, one SMEMBERS and one EXISTS per process.
 */
export const SWEEP_EVERY_TTLS = 2;
/**
 * Entries of one room examined per script call (HSCAN COUNT). A call over 1,000
 * small hash fields takes well under a millisecond of Redis's one thread, so
 * joins on other processes never wait behind a sweep for long.
 */
export const SWEEP_ENTRIES_PER_STEP = 1_000;
/** Rooms of a dead process fetched per SRANDMEMBER. */
export const SWEEP_ROOMS_PER_STEP = 100;

/**
 * KEYS: members, counts. ARGV: dead process id, HSCAN cursor, count. Drops the
 * dead process's count, deletes its members among one HSCAN step's entries, and
 * returns { next cursor ('0' once the room has been walked), entries deleted }.
 */
const PURGE_STEP_SCRIPT = `
redis.call('HDEL', KEYS[2], ARGV[1])
local scan = redis.call('HSCAN', KEYS[1], ARGV[2], 'COUNT', ARGV[3])
local entries = scan[2]
local removed = 0
for i = 1, #entries, 2 do
  if entries[i + 1] == ARGV[1] then
    redis.call('HDEL', KEYS[1], entries[i])
    removed = removed + 1
  end
end
return { scan[1], removed }`;

export interface RedisRoomSweepOptions {
  client: RedisCommandClient;
  logger: Logger;
  /** This process: never swept by itself. */
  processId: string;
  /** Pause between sweeps, and how long the lock is held at most. */
  intervalMs: number;
  /** Runs the sweeps every intervalMs. */
  clock: Clock;
}

/** What one sweep did, for logs and tests. */
export interface SweepReport {
  /** Dead processes whose every room was emptied and which were unregistered. */
  processes: number;
  rooms: number;
  entries: number;
}

export class RedisRoomSweep {
  readonly #client: RedisCommandClient;
  readonly #logger: Logger;
  readonly #processId: string;
  readonly #intervalMs: number;
  readonly #clock: Clock;
  #stopSweeping: (() => void) | undefined;
  #sweeping: Promise<unknown> | undefined;

  constructor(options: RedisRoomSweepOptions) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.#processId = options.processId;
    this.#intervalMs = options.intervalMs;
    this.#clock = options.clock;
  }

  start(): void {
    this.#stopSweeping = this.#clock.every(
      this.#intervalMs,
      () =>
        (this.#sweeping ??= this.sweep()
          .catch((error: unknown) => {
            this.#logger.warn('redis-sweep-failed', { error: String(error) });
          })
          .finally(() => (this.#sweeping = undefined))),
    );
  }

  async stop(): Promise<void> {
    this.#stopSweeping?.();
    await this.#sweeping;
  }

  /**
   * One sweep, if no other process holds the lock for this period: every dead
   * registered process's entries in every room it registered. Returns undefined
   * when another process is sweeping.
   */
  async sweep(): Promise<SweepReport | undefined> {
    const locked = await this.#client.set(SWEEP_LOCK_KEY, this.#processId, {
      condition: 'NX',
      expiration: { type: 'PX', value: this.#intervalMs },
    });
    if (locked === null) return undefined;
    const report: SweepReport = { processes: 0, rooms: 0, entries: 0 };
    const others = (await this.#client.sMembers(PROCESSES_KEY)).filter(
      (id) => id !== this.#processId,
    );
    const alive = await Promise.all(others.map((id) => this.#isAlive(id)));
    for (const [i, id] of others.entries()) {
      if (!alive[i] && (await this.#sweepProcess(id, report))) report.processes++;
    }
    if (report.entries > 0 || report.processes > 0) this.#logger.info('redis-sweep', { ...report });
    return report;
  }

  async #isAlive(processId: string): Promise<boolean> {
    return (await this.#client.exists(processKey(processId))) === 1;
  }

  /** Empties the dead process's rooms; true once it is unregistered, false if it came back. */
  async #sweepProcess(dead: string, report: SweepReport): Promise<boolean> {
    const rooms = processRoomsKey(dead);
    for (;;) {
      const batch = await this.#client.sRandMemberCount(rooms, SWEEP_ROOMS_PER_STEP);
      if (batch.length === 0) break;
      for (const roomId of batch) {
        if (await this.#isAlive(dead)) return false;
        report.entries += await this.#purgeRoom(roomId, dead);
        await this.#client.sRem(rooms, roomId);
        report.rooms++;
      }
    }
    if (await this.#isAlive(dead)) return false;
    await this.#client.sRem(PROCESSES_KEY, dead);
    return true;
  }

  /** Walks one room's members in bounded steps, deleting the dead process's; returns how many. */
  async #purgeRoom(roomId: string, dead: string): Promise<number> {
    let cursor = '0';
    let removed = 0;
    do {
      const [next, count] = (await this.#client.eval(PURGE_STEP_SCRIPT, {
        keys: [membersKey(roomId), countsKey(roomId)],
        arguments: [dead, cursor, String(SWEEP_ENTRIES_PER_STEP)],
      })) as [string, number];
      cursor = next;
      removed += count;
    } while (cursor !== '0');
    return removed;
  }
}
