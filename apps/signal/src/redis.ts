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
 * How long a cluster-wide adapter request (fetchSockets, serverSideEmit) waits for
 * other processes. Signaling itself asks the room directory instead
 * (redis-room-directory.ts), so no join or signal waits on this.
 */
export const REDIS_REQUEST_TIMEOUT_MS = 3_000;
/** Log at most one Redis error per this many milliseconds, so an outage does not flood logs. */
const REDIS_ERROR_LOG_INTERVAL_MS = 5_000;

function createCommandClient(url: string) {
  return createClient({
    url,
    // Fail commands at once while Redis is away instead of queueing them without
    // bound: a cluster-wide query then errors quickly (the client gets a
    // 'server-error' ack and retries), and stale signals are not replayed later.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) =>
        Math.min(100 * 2 ** retries, REDIS_MAX_RECONNECT_DELAY_MS),
    },
  });
}

/** The client that publishes for the adapter and runs the room directory's commands. */
export type RedisCommandClient = ReturnType<typeof createCommandClient>;

export interface RedisLink {
  adapter: ReturnType<typeof createAdapter>;
  /** For commands of our own (the room directory); the adapter publishes through it too. */
  client: RedisCommandClient;
  isReady(): boolean;
  close(): Promise<void>;
}

/** Wraps `methods` of `client` so that the promises they return never reject unhandled. */
function catchUnawaited(
  client: object,
  methods: string[],
  onError: (error: unknown) => void,
): void {
  const target = client as Record<string, unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') throw new Error(`redis client has no ${name}()`);
    target[name] = (...args: unknown[]): unknown => {
      const result: unknown = original.apply(client, args);
      if (result instanceof Promise) result.catch(onError);
      return result;
    };
  }
}

export async function connectRedis(url: string, logger: Logger): Promise<RedisLink> {
  const pub = createCommandClient(url);
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
  // The adapter publishes and (un)subscribes without awaiting; during an outage or at
  // shutdown those promises reject. Mark them handled (and log) so nothing crashes.
  catchUnawaited(pub, ['publish'], onError);
  catchUnawaited(sub, ['subscribe', 'unsubscribe', 'pSubscribe', 'pUnsubscribe'], onError);
  const closeClient = async (client: typeof pub) => {
    if (client.isReady) await client.close().catch(() => undefined);
    client.destroy();
  };
  return {
    adapter: createAdapter(pub, sub, { requestsTimeout: REDIS_REQUEST_TIMEOUT_MS }),
    client: pub,
    isReady: () => pub.isReady && sub.isReady,
    close: async () => {
      await Promise.all([closeClient(pub), closeClient(sub)]);
    },
  };
}
