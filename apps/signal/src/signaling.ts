// The signaling protocol: join, leave and relay within rooms. Membership lives
// in socket.io's rooms (for delivery) and in the room directory (for questions:
// how many, who, is that peer here), which both change together here. Every
// payload is decoded before use and every failure is an error ack, never a crash.
import {
  CLIENT_EVENT_NAMES,
  decodeJoinRequest,
  decodeLeaveRequest,
  decodePeersRequest,
  decodeSignalRequest,
  signalingError,
  type ClientConfig,
  type JoinAccepted,
  type LeaveAccepted,
  type PeersAccepted,
  type SignalAccepted,
} from '@shoal/protocol';
import { ConnectionGuard, splitArgs, type AckFn, type GuardDeps } from './connection-guard.ts';
import { roomIdsOf, roomKey, type RoomDirectory } from './room-directory.ts';
import { embeddedStunServer } from './stun-url.ts';
import { iceServersFor } from './turn.ts';
import type { ShoalServer, ShoalSocket } from './types.ts';

/**
 * A connection gets at most one fresh sample of a room this often. A browser
 * asks when it wants more neighbours than it knows; more often would only
 * draw samples from the same room for little new.
 */
export const PEERS_REQUEST_INTERVAL_MS = 5_000;

/** Longest client-chosen event name written to a log line. */
const MAX_LOGGED_EVENT_NAME = 32;

/** Short, non-reversible enough prefix of a room id, to correlate log lines. */
const roomTag = (roomId: string) => roomId.slice(0, 8);

export function clientConfigFor(deps: GuardDeps, socket: ShoalSocket): ClientConfig {
  const peerId = socket.id;
  const stun = embeddedStunServer({
    publicUrl: deps.config.publicUrl,
    hostHeader: socket.handshake.headers.host,
    port: deps.stunPort,
  });
  const { iceServers, expiresAt } = iceServersFor(deps.config, peerId, deps.now(), stun);
  return {
    peerId,
    iceServers,
    iceServersExpireAt: expiresAt,
    limits: {
      maxSignalBytes: deps.config.maxSignalBytes,
      maxPeersPerRoom: deps.config.maxPeersPerRoom,
      maxRoomsPerConnection: deps.config.maxRoomsPerConnection,
    },
  };
}

type Handler = (
  socket: ShoalSocket,
  guard: ConnectionGuard,
  payload: unknown,
  ack: AckFn | undefined,
) => Promise<void>;

export function attachSignaling(io: ShoalServer, deps: GuardDeps, directory: RoomDirectory): void {
  const { config, metrics, logger } = deps;

  const hello: Handler = async (socket, guard, _payload, ack) => {
    guard.accept(ack, clientConfigFor(deps, socket));
  };

  /**
   * Waits until no join of this connection to room `key` is in flight: a
   * connection's requests are handled side by side, so a join or leave sent
   * right after a join would otherwise overtake it. False once disconnected.
   */
  const afterPendingJoins = async (
    socket: ShoalSocket,
    guard: ConnectionGuard,
    key: string,
  ): Promise<boolean> => {
    for (
      let earlier = guard.pendingJoins.get(key);
      earlier;
      earlier = guard.pendingJoins.get(key)
    ) {
      await earlier;
      if (!socket.connected) return false;
    }
    return true;
  };

  const join: Handler = async (socket, guard, payload, ack) => {
    const request = decodeJoinRequest(payload);
    if (!request.ok) return guard.refuse(ack, 'join', request.error);
    const { roomId } = request.value;
    const key = roomKey(roomId);
    // Answered as if sent after that join: joins are idempotent either way.
    // Awaited only when one is pending: a join with none registers itself before
    // any await, so a leave sent right after it finds it (see afterPendingJoins).
    if (guard.pendingJoins.has(key) && !(await afterPendingJoins(socket, guard, key))) return;
    if (socket.rooms.has(key)) {
      const peers = await directory.sample(roomId, config.peerSampleSize, socket.id);
      if (!socket.connected) return;
      return guard.accept<JoinAccepted>(ack, { roomId, peerId: socket.id, peers });
    }
    // Joins in flight count too (a pending join may already be in socket.rooms: count it once).
    let joining = 0;
    for (const pending of guard.pendingJoins.keys()) if (!socket.rooms.has(pending)) joining++;
    if (roomIdsOf(socket.rooms).length + joining >= config.maxRoomsPerConnection) {
      return guard.refuseWith(
        ack,
        'join',
        'too-many-rooms',
        `at most ${config.maxRoomsPerConnection} rooms per connection`,
      );
    }
    let settle = () => {};
    guard.pendingJoins.set(key, new Promise<void>((resolve) => (settle = resolve)));
    try {
      await admit(socket, guard, roomId, ack);
    } finally {
      guard.pendingJoins.delete(key);
      settle();
    }
  };

  /** The rest of a join, while it counts as pending: room size, join, recount, announce. */
  const admit = async (
    socket: ShoalSocket,
    guard: ConnectionGuard,
    roomId: string,
    ack: AckFn | undefined,
  ): Promise<void> => {
    const key = roomKey(roomId);
    const before = await directory.size(roomId);
    if (!socket.connected) return;
    if (before >= config.maxPeersPerRoom) {
      return guard.refuseWith(
        ack,
        'join',
        'room-full',
        `the room already has ${config.maxPeersPerRoom} peers`,
      );
    }
    await socket.join(key);
    // Joins racing on other processes may have filled the room meanwhile: the add
    // answers the count, now including ourselves; back out before anyone hears of us.
    let members: number;
    try {
      members = await directory.add(roomId, socket.id);
    } catch (error) {
      await socket.leave(key);
      await directory.remove(roomId, socket.id).catch(() => undefined);
      throw error;
    }
    // Gone meanwhile: 'disconnecting' may have run before the add above landed.
    if (!socket.connected) return directory.remove(roomId, socket.id);
    if (members > config.maxPeersPerRoom) {
      await socket.leave(key);
      await directory.remove(roomId, socket.id);
      return guard.refuseWith(
        ack,
        'join',
        'room-full',
        `the room already has ${config.maxPeersPerRoom} peers`,
      );
    }
    // Nothing sent grows with the room: the joiner hears of a random sample of
    // it, and another random sample hears of the joiner (so it is dialled too,
    // not only dialling). In a room no larger than the sample, that is everyone.
    const [others, told] = await Promise.all([
      directory.sample(roomId, config.peerSampleSize, socket.id),
      directory.sample(roomId, config.peerSampleSize, socket.id),
    ]);
    if (!socket.connected) return;
    metrics.joinsTotal++;
    logger.info('join', { peer: socket.id, room: roomTag(roomId), peers: members - 1 });
    // The joiner's answer is written first: each announcement below is a socket write
    // that wakes a peer, and under a crowd the answer would wait behind up to K of them.
    guard.accept<JoinAccepted>(ack, { roomId, peerId: socket.id, peers: others });
    if (told.length > 0) io.to(told).emit('peer-joined', { roomId, peerId: socket.id });
  };

  const leave: Handler = async (socket, guard, payload, ack) => {
    const request = decodeLeaveRequest(payload);
    if (!request.ok) return guard.refuse(ack, 'leave', request.error);
    const { roomId } = request.value;
    const key = roomKey(roomId);
    // A leave sent before its join was answered leaves the room that join enters.
    if (guard.pendingJoins.has(key) && !(await afterPendingJoins(socket, guard, key))) return;
    if (!socket.rooms.has(key))
      return guard.refuseWith(ack, 'leave', 'not-in-room', 'not in that room');
    await socket.leave(key);
    await directory.remove(roomId, socket.id);
    await announceDeparture(roomId, socket.id);
    metrics.leavesTotal++;
    logger.info('leave', { peer: socket.id, room: roomTag(roomId), reason: 'leave' });
    guard.accept<LeaveAccepted>(ack, { roomId });
  };

  const peers: Handler = async (socket, guard, payload, ack) => {
    const request = decodePeersRequest(payload);
    if (!request.ok) return guard.refuse(ack, 'peers', request.error);
    const { roomId } = request.value;
    if (!socket.rooms.has(roomKey(roomId)))
      return guard.refuseWith(ack, 'peers', 'not-in-room', 'not in that room');
    const now = deps.now();
    if (now - (guard.lastSampleAt.get(roomId) ?? -Infinity) < PEERS_REQUEST_INTERVAL_MS) {
      return guard.refuseWith(
        ack,
        'peers',
        'rate-limited',
        `at most one sample of a room per ${PEERS_REQUEST_INTERVAL_MS} ms`,
      );
    }
    guard.lastSampleAt.set(roomId, now);
    const sample = await directory.sample(roomId, config.peerSampleSize, socket.id);
    if (!socket.connected) return;
    guard.accept<PeersAccepted>(ack, { roomId, peers: sample });
  };

  const signal: Handler = async (socket, guard, payload, ack) => {
    const request = decodeSignalRequest(payload, config.maxSignalBytes);
    if (!request.ok) return guard.refuse(ack, 'signal', request.error);
    const { roomId, to, data } = request.value;
    if (!socket.rooms.has(roomKey(roomId)))
      return guard.refuseWith(ack, 'signal', 'not-in-room', 'not in that room');
    if (to === socket.id)
      return guard.refuseWith(ack, 'signal', 'unknown-peer', 'cannot signal yourself');
    // A peer on this process is checked here; one elsewhere, in the directory.
    const local = io.of('/').sockets.get(to);
    const present = local ? local.rooms.has(roomKey(roomId)) : await directory.has(roomId, to);
    if (!present) {
      return guard.refuseWith(ack, 'signal', 'unknown-peer', 'no such peer in that room');
    }
    if (!socket.connected || !socket.rooms.has(roomKey(roomId))) return;
    io.to(to).emit('signal', { roomId, from: socket.id, data });
    metrics.signalsRelayedTotal++;
    logger.debug('signal', { peer: socket.id, to, room: roomTag(roomId) });
    guard.accept<SignalAccepted>(ack, { roomId, to });
  };

  /**
   * Tells the room of a departure only while the room is small (at most
   * PEER_SAMPLE_SIZE left): then everyone may have been told of the leaver, and
   * the message costs at most K. In a larger room nobody is told: most members
   * never heard of the leaver, a random sample of them would mostly be the
   * wrong ones, and those connected to it see the WebRTC connection close; a
   * dialler still handshaking gets 'unknown-peer' for its next signal and
   * forgets the peer (apps/web/src/net/room-connector.ts). So a leave costs
   * O(K), never O(room).
   */
  const announceDeparture = async (roomId: string, peerId: string): Promise<void> => {
    if ((await directory.size(roomId)) > config.peerSampleSize) return;
    io.to(roomKey(roomId)).except(peerId).emit('peer-left', { roomId, peerId });
  };

  const handlers: Record<(typeof CLIENT_EVENT_NAMES)[number], Handler> = {
    hello,
    join,
    leave,
    peers,
    signal,
  };

  io.on('connection', (socket) => {
    const guard = new ConnectionGuard(socket, deps);
    metrics.connectionsTotal++;
    logger.info('connect', { peer: socket.id });

    // Every incoming event passes here first: rate limit, then known names only.
    socket.use((packet, next) => {
      // Packets that arrived with the one that got this connection cut are still
      // queued: drop them unread rather than refuse (and count) each one.
      if (!socket.connected) return;
      const [event, ...args] = packet as unknown[];
      const { ack } = splitArgs(args);
      const name = typeof event === 'string' ? event.slice(0, MAX_LOGGED_EVENT_NAME) : typeof event;
      if (!guard.allowEvent())
        return guard.refuseWith(ack, name, 'rate-limited', 'too many events; slow down');
      if (!(CLIENT_EVENT_NAMES as readonly unknown[]).includes(event)) {
        return guard.refuseWith(ack, name, 'unknown-event', 'unknown event');
      }
      next();
    });

    for (const name of CLIENT_EVENT_NAMES) {
      socket.on(name, (...args: unknown[]) => {
        const { payload, ack } = splitArgs(args);
        handlers[name](socket, guard, payload, ack).catch((error: unknown) => {
          logger.error('handler-error', { peer: socket.id, request: name, error: String(error) });
          if (socket.connected)
            guard.refuse(ack, name, signalingError('server-error', 'try again later'));
        });
      });
    }

    socket.on('disconnecting', (reason) => {
      for (const roomId of roomIdsOf(socket.rooms)) {
        const peerId = socket.id;
        directory
          .remove(roomId, peerId)
          .then(() => announceDeparture(roomId, peerId))
          .catch((error: unknown) => {
            logger.warn('directory-remove-failed', { peer: peerId, error: String(error) });
          });
        logger.info('leave', { peer: socket.id, room: roomTag(roomId), reason: 'disconnect' });
      }
      logger.info('disconnect', { peer: socket.id, reason });
    });

    socket.emit('config', clientConfigFor(deps, socket));
  });
}
