// createServer(config): one HTTP server carrying socket.io signaling, /healthz,
// /metrics and the web app. Tests start it in-process on port 0 and close it.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Config } from './config.ts';
import { createRequestHandler } from './http.ts';
import { createLogger, type Logger } from './log.ts';
import { Metrics } from './metrics.ts';
import { originAllowed } from './origin-policy.ts';
import { connectRedis, type RedisLink } from './redis.ts';
import { localRoomCount } from './room-directory.ts';
import { attachSignaling } from './signaling.ts';
import type { ShoalServer } from './types.ts';

export interface RunningServer {
  /** http://host:port, with 127.0.0.1 when listening on every interface. */
  url: string;
  port: number;
  io: ShoalServer;
  metrics: Metrics;
  /** Disconnects every client, stops listening, and closes Redis. Safe to call twice. */
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

  const gauges = () => ({
    connectedClients: io.of('/').sockets.size,
    rooms: localRoomCount(io),
  });
  const httpServer = createHttpServer(
    createRequestHandler({
      webDist: config.webDist,
      metrics,
      gauges,
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
    // Pages from other sites may not use this server (browsers always send Origin).
    allowRequest: (req, callback) => {
      const allowed = originAllowed(req.headers.origin, req.headers.host, config.allowedOrigins);
      if (!allowed) metrics.forbiddenOriginsTotal += 1;
      callback(allowed ? null : 'origin not allowed', allowed);
    },
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  attachSignaling(io, { config, metrics, logger, now });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
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
      await redis?.close();
    })();
    return closing;
  };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    io,
    metrics,
    close,
  };
}
