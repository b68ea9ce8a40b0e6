// Questions about room membership, answered across every server process. With
// the Redis adapter, fetchSockets() asks all processes and waits for their answers,
// so room sizes, peer lists and "is that peer in this room" hold cluster-wide.
import type { ShoalServer } from './types.ts';

/**
 * socket.io rooms named after room ids carry this prefix, so a room id can never
 * collide with a socket's own room (its socket id), and a peer id (which cannot
 * contain ':') can never name a shared room.
 */
export const ROOM_PREFIX = 'room:';

export const roomKey = (roomId: string): string => `${ROOM_PREFIX}${roomId}`;

/** Peer ids of every socket in the room, on every process. */
export async function peersInRoom(io: ShoalServer, roomId: string): Promise<string[]> {
  const sockets = await io.in(roomKey(roomId)).fetchSockets();
  return sockets.map((socket) => socket.id);
}

/** Whether `peerId` is a connected socket, on any process, that is in the room. */
export async function isPeerInRoom(
  io: ShoalServer,
  peerId: string,
  roomId: string,
): Promise<boolean> {
  const key = roomKey(roomId);
  const local = io.of('/').sockets.get(peerId);
  if (local) return local.rooms.has(key);
  // Every socket sits in a room named after its id: this finds the one socket, wherever it lives.
  const sockets = await io.in(peerId).fetchSockets();
  return sockets.some((socket) => socket.id === peerId && socket.rooms.has(key));
}

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
