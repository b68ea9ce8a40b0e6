// The Redis keys of the shared room directory (redis-room-directory.ts) and its
// sweep (redis-room-sweep.ts). A room's two hashes share a hash tag ({roomId}),
// so one Lua script may change both; no script touches keys of two slots.

/** Per room: peer id -> id of the process holding its socket. */
export const membersKey = (roomId: string): string => `shoal:room:{${roomId}}:members`;
/** Per room: process id -> how many of the room's members it holds. */
export const countsKey = (roomId: string): string => `shoal:room:{${roomId}}:counts`;
/** A process's liveness key: present (with a TTL it refreshes) while the process lives. */
export const processKey = (processId: string): string => `shoal:proc:${processId}`;
/**
 * The rooms a process has (or had) members in, so that once it is dead its entries
 * can be found without scanning every room. It has no TTL: it must outlive the
 * liveness key; the sweep deletes it room by room.
 */
export const processRoomsKey = (processId: string): string => `shoal:proc:${processId}:rooms`;
/** Every process that registered rooms and has not been swept since it died. */
export const PROCESSES_KEY = 'shoal:procs';
/** Held (SET NX with an expiry) by the one process sweeping in a period. */
export const SWEEP_LOCK_KEY = 'shoal:sweep';
