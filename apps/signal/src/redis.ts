// Optional Redis pub/sub for running several processes as one (see README.md for
// why @socket.io/redis-adapter). The clients reconnect on their own after an outage.
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Logger } from './log.ts';

/** How long startup waits for Redis before giving up with a clear error. */
const REDIS_CONNECT_TIMEOUT_MS = 10_000;
/** Longest pause between reconnect attempts after Redis goes away. */
const REDIS_MAX_RECONNECT_DELAY_MS = 2_000;
/**
 * How long a cluster-wide query (fetchSockets) waits for other processes. A join
 * or signal that hits this gets a 'server-error' ack instead of hanging.
 */
export const REDIS_REQUEST_TIMEOUT_MS = 3_000;
/** Log at most one Redis error per this many milliseconds, so an outage does not flood logs. */
const REDIS_ERROR_LOG_INTERVAL_MS = 5_000;

export interface RedisLink {
  adapter: ReturnType<typeof createAdapter>;
  isReady(): boolean;
  close(): Promise<void>;
}

export async function connectRedis(url: string, logger: Logger): Promise<RedisLink> {
  const pub = createClient({
    url,
    socket: {
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) =>
        Math.min(100 * 2 ** retries, REDIS_MAX_RECONNECT_DELAY_MS),
    },
  });
  const sub = pub.duplicate();
  let lastLogged = 0;
  const onError = (error: unknown) => {
    const now = Date.now();
    if (now - lastLogged < REDIS_ERROR_LOG_INTERVAL_MS) return;
    lastLogged = now;
    logger.warn('redis-error', { error: String(error) });
  };
  pub.on('error', onError);
  sub.on('error', onError);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `could not connect to Redis at REDIS_URL within ${REDIS_CONNECT_TIMEOUT_MS} ms`,
          ),
        ),
      REDIS_CONNECT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([Promise.all([pub.connect(), sub.connect()]), timeout]);
  } catch (error) {
    pub.destroy();
    sub.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    adapter: createAdapter(pub, sub, { requestsTimeout: REDIS_REQUEST_TIMEOUT_MS }),
    isReady: () => pub.isReady && sub.isReady,
    close: async () => {
      await Promise.allSettled([pub.close(), sub.close()]);
      pub.destroy();
      sub.destroy();
    },
  };
}
