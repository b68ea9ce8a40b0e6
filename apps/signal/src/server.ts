// createServer(config): one HTTP server carrying socket.io signaling, /healthz,
// /metrics and the web app, and the embedded STUN server on UDP beside it. Tests
// start it in-process on port 0 and close it.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { Admission } from './admission.ts';
import { addressOfRequest, proxyList } from './client-address.ts';
import type { Config } from './config.ts';
import { createRequestHandler } from './http.ts';
import { createLogger, type Logger } from './log.ts';
import { metricsAccess } from './metrics-access.ts';
import { Metrics } from './metrics.ts';
import { connectRedis, type RedisLink } from './redis.ts';
import { MemoryRoomDirectory } from './memory-room-directory.ts';
import { RedisRoomDirectory } from './redis-room-directory.ts';
import { localRoomCount, ROOM_PREFIX, roomKey, type RoomDirectory } from './room-directory.ts';
import { attachSignaling } from './signaling.ts';
import { startStunServer, type RunningStunServer } from './stun-server.ts';
import type { ShoalServer } from './types.ts';

/**
 * Connections the kernel may hold completed but not yet accepted. Node's default
 * is 511; a flash crowd of 1,000 connects per second, arriving while the one
 * thread is busy with joins, overflowed that (4,005 connection resets in
 * apps/bench's crowd of 10,000, README). Linux silently caps it at
 * net.core.somaxconn (4096 by default since kernel 5.4; raise that sysctl too
 * where it is lower).
 */
export const LISTEN_BACKLOG = 4096;

export interface RunningServer {
  /** http://host:port, with 127.0.0.1 when listening on every interface. */
  url: string;
  port: number;
  /** The UDP port the embedded STUN server bound; undefined when STUN_PORT=off. */
  stunPort: number | undefined;
  io: ShoalServer;
  metrics: Metrics;
  /** Disconnects every client, stops listening (HTTP and STUN), and closes Redis. Safe to call twice. */
  close(): Promise<void>;
}

export interface ServerOptions {
  logger?: Logger;
  now?: () => number;
}

export async function createServer(
  config: Config,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  const metrics = new Metrics();
  const redis: RedisLink | undefined = config.redisUrl
    ? await connectRedis(config.redisUrl, logger)
    : undefined;
  let stun: RunningStunServer | undefined;
  try {
    stun = config.stun
      ? await startStunServer({
          port: config.stun.port,
          host: config.stun.host,
          metrics,
          logger,
          now,
        })
      : undefined;
  } catch (error) {
    await redis?.close();
    throw error;
  }

  const trustedProxies =
    config.trustedProxies.length > 0 ? proxyList(config.trustedProxies) : undefined;
  const admission = new Admission({ config, metrics, logger, trustedProxies });
  const gauges = () => ({
    connectedClients: io.of('/').sockets.size,
    rooms: localRoomCount(io),
    clientAddresses: admission.addresses,
  });
  const httpServer = createHttpServer(
    createRequestHandler({
      webDist: config.webDist,
      metrics,
      gauges,
      metricsAccess: (req) =>
        metricsAccess(
          req.headers.authorization,
          addressOfRequest(req, trustedProxies),
          config.metricsToken,
        ),
      health: () => {
        if (!redis) return { status: 'ok', redis: 'unused' };
        return redis.isReady()
          ? { status: 'ok', redis: 'connected' }
          : { status: 'degraded', redis: 'disconnected' };
      },
      onError: (error) => logger.error('http-error', { error: String(error) }),
    }),
  );
  httpServer.on('clientError', (_error, socket) => socket.destroy());

  const io: ShoalServer = new Server(httpServer, {
    maxHttpBufferSize: config.maxMessageBytes,
    serveClient: false,
    // Shoal's client speaks WebSocket only. Long polling would let a page's Origin-less
    // GET open a session (origin-policy.ts), and would not be one TCP socket per client.
    transports: ['websocket'],
    // Pages from other sites may not connect, nor too many clients from one address.
    allowRequest: admission.allowRequest,
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  const stunPort = stun && (config.stun?.publicPort ?? stun.port);
  const directory: RoomDirectory = redis
    ? new RedisRoomDirectory({
        client: redis.client,
        logger,
        livenessTtlMs: config.redisLivenessTtlMs,
        isLocalMember: (roomId, peerId) =>
          io.of('/').sockets.get(peerId)?.rooms.has(roomKey(roomId)) ?? false,
        isLocalRoom: (roomId) => io.of('/').adapter.rooms.has(roomKey(roomId)),
        localMembers: function* () {
          for (const [name, ids] of io.of('/').adapter.rooms) {
            if (name.startsWith(ROOM_PREFIX)) yield [name.slice(ROOM_PREFIX.length), [...ids]];
          }
        },
      })
    : new MemoryRoomDirectory();
  attachSignaling(io, { config, metrics, logger, now, stunPort }, directory);

  try {
    if (directory instanceof RedisRoomDirectory) await directory.start();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await directory.close();
    await stun?.close();
    await redis?.close();
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  const host =
    !config.host || config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
      await directory.close();
      await stun?.close();
      await redis?.close();
    })();
    return closing;
  };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stunPort: stun?.port,
    io,
    metrics,
    close,
  };
}
