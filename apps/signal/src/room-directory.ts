// Who is in which room. Signaling asks this directory, never socket.io's
// fetchSockets() (which lists the whole room, and over Redis asks every process
// and waits for all of them): each question costs O(1) or O(K) for a sample of
// K, whatever the room's size. memory-room-directory.ts holds one process's
// rooms; redis-room-directory.ts shares them between processes.
import type { ShoalServer } from './types.ts';

/** Room membership, by room id and peer id (a socket id). */
export interface RoomDirectory {
  /**
   * Records `peerId` as a member of the room (adding a member twice changes
   * nothing) and answers the room's size afterwards, as size() would: a join
   * checks it for racing joins without asking again.
   */
  add(roomId: string, peerId: string): Promise<number>;
  /** Forgets `peerId` in the room; removing a non-member changes nothing. */
  remove(roomId: string, peerId: string): Promise<void>;
  /** How many members the room has. */
  size(roomId: string): Promise<number>;
  has(roomId: string, peerId: string): Promise<boolean>;
  /** Up to `k` distinct members chosen uniformly at random, never `excludePeerId`. */
  sample(roomId: string, k: number, excludePeerId?: string): Promise<string[]>;
  /** Stops background work and forgets this process's members where others could see them. */
  close(): Promise<void>;
}

/**
 * socket.io rooms named after room ids carry this prefix, so a room id can never
 * collide with a socket's own room (its socket id), and a peer id (which cannot
 * contain ':') can never name a shared room.
 */
export const ROOM_PREFIX = 'room:';

export const roomKey = (roomId: string): string => `${ROOM_PREFIX}${roomId}`;

/** Rooms with at least one member on this process (for metrics). */
export function localRoomCount(io: ShoalServer): number {
  let count = 0;
  for (const name of io.of('/').adapter.rooms.keys()) if (name.startsWith(ROOM_PREFIX)) count++;
  return count;
}

/** Room ids this socket is in. */
export function roomIdsOf(rooms: ReadonlySet<string>): string[] {
  return [...rooms]
    .filter((name) => name.startsWith(ROOM_PREFIX))
    .map((name) => name.slice(ROOM_PREFIX.length));
}
