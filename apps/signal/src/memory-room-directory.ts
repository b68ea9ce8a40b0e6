// The room directory of a single process (no REDIS_URL): per room an array of
// members with a Map from member to its position, so adding, removing (swap the
// last member into the hole), counting and membership are O(1) and a sample of
// k is O(k).
import type { RoomDirectory } from './room-directory.ts';

/** A random integer in [0, bound): Math.random by default, seeded in tests. */
export type RandomBelow = (bound: number) => number;

const randomBelow: RandomBelow = (bound) => Math.floor(Math.random() * bound);

interface Room {
  members: string[];
  positions: Map<string, number>;
}

export class MemoryRoomDirectory implements RoomDirectory {
  readonly #rooms = new Map<string, Room>();
  readonly #random: RandomBelow;

  constructor(random: RandomBelow = randomBelow) {
    this.#random = random;
  }

  async add(roomId: string, peerId: string): Promise<number> {
    let room = this.#rooms.get(roomId);
    if (!room) {
      room = { members: [], positions: new Map() };
      this.#rooms.set(roomId, room);
    }
    if (!room.positions.has(peerId)) {
      room.positions.set(peerId, room.members.length);
      room.members.push(peerId);
    }
    return room.members.length;
  }

  async remove(roomId: string, peerId: string): Promise<void> {
    const room = this.#rooms.get(roomId);
    const position = room?.positions.get(peerId);
    if (!room || position === undefined) return;
    const last = room.members.pop()!;
    if (last !== peerId) {
      room.members[position] = last;
      room.positions.set(last, position);
    }
    room.positions.delete(peerId);
    if (room.members.length === 0) this.#rooms.delete(roomId);
  }

  async size(roomId: string): Promise<number> {
    return this.#rooms.get(roomId)?.members.length ?? 0;
  }

  async has(roomId: string, peerId: string): Promise<boolean> {
    return this.#rooms.get(roomId)?.positions.has(peerId) ?? false;
  }

  /**
   * Robert Floyd's algorithm over the positions other than the excluded
   * member's: k draws from the random source, never a pass over the room.
   */
  async sample(roomId: string, k: number, excludePeerId?: string): Promise<string[]> {
    const room = this.#rooms.get(roomId);
    if (!room) return [];
    const skipped = excludePeerId === undefined ? undefined : room.positions.get(excludePeerId);
    const eligible = room.members.length - (skipped === undefined ? 0 : 1);
    const count = Math.max(0, Math.min(Math.floor(k), eligible));
    const chosen = new Set<number>();
    for (let j = eligible - count; j < eligible; j++) {
      const t = this.#random(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    // Positions in [0, eligible) skip over the excluded member's.
    return [...chosen].map((p) => room.members[skipped !== undefined && p >= skipped ? p + 1 : p]!);
  }

  async close(): Promise<void> {
    this.#rooms.clear();
  }
}
