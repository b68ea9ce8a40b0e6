// Server configuration from environment variables. Parsing is pure (env in,
// Result out) and collects every problem at once, so a bad deployment prints one
// clear list instead of failing on the first typo.
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
import {
  DEFAULT_MAX_SIGNAL_BYTES,
  MAX_ICE_SERVERS,
  MAX_PEERS_IN_ACK,
  decodeIceServers,
  err,
  ok,
  type IceServer,
  type Result,
} from '@shoal/protocol';
import { accessConfigFrom, type AccessConfig, type Env } from './access-config.ts';
import { LOG_LEVELS, type LogLevel } from './log.ts';
import { DEFAULT_LIVENESS_TTL_MS } from './redis-room-directory.ts';

export interface TurnConfig {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

/** The embedded STUN server (stun-server.ts). */
export interface StunConfig {
  /** UDP port to listen on (STUN_PORT); 0 means any free port. */
  port: number;
  /** Address to bind (STUN_HOST, else HOST); undefined means every interface. */
  host: string | undefined;
  /** Port named in the stun: URL clients get (STUN_PUBLIC_PORT); undefined: the port bound. */
  publicPort: number | undefined;
}

export interface Config extends AccessConfig {
  port: number;
  /** Interface to listen on; undefined means every interface. */
  host: string | undefined;
  /** Directory holding the built web app (index.html and assets/). */
  webDist: string;
  iceServers: IceServer[];
  turn: TurnConfig | undefined;
  /** Undefined when STUN_PORT=off. */
  stun: StunConfig | undefined;
  redisUrl: string | undefined;
  /** How long a process's liveness key in Redis outlives its last refresh (redis-room-directory.ts). */
  redisLivenessTtlMs: number;
  logLevel: LogLevel;
  /** socket.io maxHttpBufferSize: the largest packet a client may send. */
  maxMessageBytes: number;
  maxSignalBytes: number;
  maxPeersPerRoom: number;
  /** Most peers in one answer to `peers` (a fresh random sample of a room). */
  peerSampleSize: number;
  maxRoomsPerConnection: number;
  /** Token bucket: sustained events per second per connection. */
  rateLimitPerSecond: number;
  /** Token bucket: burst size per connection. */
  rateLimitBurst: number;
  /** Refusals within refusalWindowMs after which a connection is cut. */
  maxRefusals: number;
  refusalWindowMs: number;
  /** How long shutdown waits for connections to close before exiting anyway. */
  shutdownGraceMs: number;
  /** Open connections allowed per client address (IPv4, or IPv6 /64); 0 means no limit. */
  maxConnectionsPerAddress: number;
}

export type { Env };

export const DEFAULT_PORT = 8080;
/** Where the web app's build lands, relative to both src/ and dist/ of apps/signal. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** Largest socket.io packet: a capped signal plus its envelope fits with room to spare. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * A share may draw a flash crowd (issue 14): 10,000 browsers in one room. Nothing
 * the server does per join or leave grows with the room (room-directory.ts), and
 * each browser hears of only a sample of PEER_SAMPLE_SIZE peers.
 */
export const DEFAULT_MAX_PEERS_PER_ROOM = 10_000;
/**
 * A browser keeps a few dozen connections at most (the swarm's connection
 * limit), so a sample of 30 gives it enough to choose from, whatever the
 * room's size, in an answer of under 1 KiB.
 */
export const DEFAULT_PEER_SAMPLE_SIZE = 30;
/** One tab joins one room per open share; 16 covers many tabs' worth of shares on one connection. */
export const DEFAULT_MAX_ROOMS_PER_CONNECTION = 16;
/**
 * A WebRTC handshake with trickle ICE sends an offer or answer plus a dozen or so
 * candidates per peer; joining a room of 50 peers sends a burst. 20/s sustained with
 * a burst of 100 covers that and stops floods.
 */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 20;
export const DEFAULT_RATE_LIMIT_BURST = 100;
/** An honest client is refused rarely; 50 refusals in 10 s is a misbehaving one. */
export const DEFAULT_MAX_REFUSALS = 50;
export const DEFAULT_REFUSAL_WINDOW_MS = 10_000;
/**
 * The port STUN has by default (RFC 8489 section 18.6, as RFC 5389 before it):
 * what operators open in firewalls and what coturn listens on too.
 */
export const DEFAULT_STUN_PORT = 3478;
/** coturn's REST-API examples use a day; 12 hours bounds leaked credentials tighter. */
export const DEFAULT_TURN_TTL_SECONDS = 12 * 60 * 60;
/** Load balancers usually give a draining process 30 s; finish well within that. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/**
 * Everyone behind one NAT shares an address: a household has a few devices with a
 * tab or two each, an office or a school a few hundred people, each Shoal tab one
 * connection. 200 lets a 100-person office have two tabs each, while one address
 * can hold at most ~4 MiB of the server (200 × the ~18 KiB a connection costs,
 * apps/bench) instead of all of it: filling the 10,000-connection target takes 50
 * addresses. Carrier-grade NAT and proxies put more people on one address: see
 * TRUST_PROXY, or raise it (0 is no limit).
 */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 200;

type Problems = string[];

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: Problems,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function iceServersFrom(env: Env, problems: Problems): IceServer[] {
  const raw = env.ICE_SERVERS;
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    problems.push(
      `ICE_SERVERS must be a JSON array of RTCIceServer objects: ${(cause as Error).message}`,
    );
    return [];
  }
  const servers = decodeIceServers(parsed);
  if (!servers.ok) {
    problems.push(`ICE_SERVERS is invalid: ${servers.error.message}`);
    return [];
  }
  return servers.value;
}

function turnFrom(env: Env, problems: Problems): TurnConfig | undefined {
  const urls = (env.TURN_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  const secret = env.TURN_SECRET ?? '';
  const ttlSeconds = integer(
    env,
    'TURN_TTL_SECONDS',
    DEFAULT_TURN_TTL_SECONDS,
    60,
    7 * 24 * 3600,
    problems,
  );
  if (urls.length === 0 && secret === '') return undefined;
  if (urls.length === 0) problems.push('TURN_SECRET is set but TURN_URLS is empty');
  if (secret === '') problems.push('TURN_URLS is set but TURN_SECRET is empty');
  const checked = decodeIceServers([{ urls, username: 'u', credential: 'c' }]);
  if (urls.length > 0 && !checked.ok)
    problems.push(`TURN_URLS is invalid: ${checked.error.message}`);
  if (urls.some((url) => !url.startsWith('turn')))
    problems.push('TURN_URLS must be turn: or turns: URLs');
  return { urls, secret, ttlSeconds };
}

function stunFrom(env: Env, host: string | undefined, problems: Problems): StunConfig | undefined {
  const raw = env.STUN_PORT?.trim().toLowerCase() ?? '';
  const stunHost = env.STUN_HOST?.trim() || undefined;
  const publicPort = env.STUN_PUBLIC_PORT?.trim()
    ? integer(env, 'STUN_PUBLIC_PORT', DEFAULT_STUN_PORT, 1, 65_535, problems)
    : undefined;
  if (raw === 'off') {
    if (publicPort !== undefined) problems.push('STUN_PUBLIC_PORT is set but STUN_PORT is off');
    if (stunHost !== undefined) problems.push('STUN_HOST is set but STUN_PORT is off');
    return undefined;
  }
  let port = DEFAULT_STUN_PORT;
  if (raw !== '') {
    port = Number(raw);
    if (!/^\d+$/.test(raw) || port > 65_535) {
      problems.push(
        `STUN_PORT must be an integer from 0 to 65535 (0: any free port) or "off", got "${env.STUN_PORT}"`,
      );
      port = DEFAULT_STUN_PORT;
    }
  }
  if (stunHost !== undefined && isIP(stunHost) === 0) {
    problems.push(
      `STUN_HOST must be an IP address to bind, like :: (every interface) or 0.0.0.0, got "${stunHost}"`,
    );
  }
  return { port, host: stunHost ?? host, publicPort };
}

function logLevelFrom(env: Env, problems: Problems): LogLevel {
  const raw = (env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  return 'info';
}

function redisUrlFrom(env: Env, problems: Problems): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  if (!/^rediss?:\/\/./.test(raw)) problems.push('REDIS_URL must start with redis:// or rediss://');
  return raw;
}

/** Reads the configuration from `env`; on failure, returns every problem found. */
export function parseConfig(env: Env): Result<Config, string[]> {
  const problems: Problems = [];
  const maxMessageBytes = integer(
    env,
    'MAX_MESSAGE_BYTES',
    DEFAULT_MAX_MESSAGE_BYTES,
    1024,
    16 * 1024 * 1024,
    problems,
  );
  const maxSignalBytes = integer(
    env,
    'MAX_SIGNAL_BYTES',
    DEFAULT_MAX_SIGNAL_BYTES,
    256,
    16 * 1024 * 1024,
    problems,
  );
  if (maxSignalBytes >= maxMessageBytes) {
    problems.push(
      `MAX_SIGNAL_BYTES (${maxSignalBytes}) must be below MAX_MESSAGE_BYTES (${maxMessageBytes})`,
    );
  }
  const host = env.HOST?.trim() || undefined;
  const iceServers = iceServersFrom(env, problems);
  const turn = turnFrom(env, problems);
  const stun = stunFrom(env, host, problems);
  // Each client gets the embedded STUN server, ICE_SERVERS and one TURN entry; a
  // longer list would fail the client's decoder (MAX_ICE_SERVERS) for everyone.
  const iceServerCount = iceServers.length + (turn ? 1 : 0) + (stun ? 1 : 0);
  if (iceServerCount > MAX_ICE_SERVERS) {
    problems.push(
      `ICE_SERVERS has ${iceServers.length} entries; with TURN and the embedded STUN server each client would get ${iceServerCount}, more than the ${MAX_ICE_SERVERS} clients accept`,
    );
  }
  const config: Config = {
    port: integer(env, 'PORT', DEFAULT_PORT, 0, 65_535, problems),
    host,
    webDist: env.WEB_DIST?.trim() || DEFAULT_WEB_DIST,
    iceServers,
    turn,
    stun,
    redisUrl: redisUrlFrom(env, problems),
    redisLivenessTtlMs: integer(
      env,
      'REDIS_LIVENESS_TTL_MS',
      DEFAULT_LIVENESS_TTL_MS,
      500,
      600_000,
      problems,
    ),
    logLevel: logLevelFrom(env, problems),
    maxMessageBytes,
    maxSignalBytes,
    maxPeersPerRoom: integer(
      env,
      'MAX_PEERS_PER_ROOM',
      DEFAULT_MAX_PEERS_PER_ROOM,
      2,
      10_000,
      problems,
    ),
    peerSampleSize: integer(
      env,
      'PEER_SAMPLE_SIZE',
      DEFAULT_PEER_SAMPLE_SIZE,
      1,
      MAX_PEERS_IN_ACK,
      problems,
    ),
    maxRoomsPerConnection: integer(
      env,
      'MAX_ROOMS_PER_CONNECTION',
      DEFAULT_MAX_ROOMS_PER_CONNECTION,
      1,
      1_000,
      problems,
    ),
    rateLimitPerSecond: integer(
      env,
      'RATE_LIMIT_PER_SECOND',
      DEFAULT_RATE_LIMIT_PER_SECOND,
      1,
      100_000,
      problems,
    ),
    rateLimitBurst: integer(
      env,
      'RATE_LIMIT_BURST',
      DEFAULT_RATE_LIMIT_BURST,
      1,
      100_000,
      problems,
    ),
    maxRefusals: integer(env, 'MAX_REFUSALS', DEFAULT_MAX_REFUSALS, 1, 100_000, problems),
    refusalWindowMs: integer(
      env,
      'REFUSAL_WINDOW_MS',
      DEFAULT_REFUSAL_WINDOW_MS,
      100,
      3_600_000,
      problems,
    ),
    maxConnectionsPerAddress: integer(
      env,
      'MAX_CONNECTIONS_PER_ADDRESS',
      DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
      0,
      1_000_000,
      problems,
    ),
    ...accessConfigFrom(env, problems),
    shutdownGraceMs: integer(
      env,
      'SHUTDOWN_GRACE_MS',
      DEFAULT_SHUTDOWN_GRACE_MS,
      0,
      600_000,
      problems,
    ),
  };
  return problems.length > 0 ? err(problems) : ok(config);
}

/** What the startup log line says about the configuration: no secrets. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host ?? 'all',
    webDist: config.webDist,
    iceServers: config.iceServers.length,
    turn: config.turn ? { urls: config.turn.urls, ttlSeconds: config.turn.ttlSeconds } : null,
    stun: config.stun
      ? {
          port: config.stun.port,
          host: config.stun.host ?? 'all',
          publicPort: config.stun.publicPort ?? 'bound',
        }
      : 'off',
    redis: config.redisUrl !== undefined,
    redisLivenessTtlMs: config.redisLivenessTtlMs,
    logLevel: config.logLevel,
    maxMessageBytes: config.maxMessageBytes,
    maxSignalBytes: config.maxSignalBytes,
    maxPeersPerRoom: config.maxPeersPerRoom,
    peerSampleSize: config.peerSampleSize,
    maxRoomsPerConnection: config.maxRoomsPerConnection,
    rateLimitPerSecond: config.rateLimitPerSecond,
    rateLimitBurst: config.rateLimitBurst,
    maxRefusals: config.maxRefusals,
    refusalWindowMs: config.refusalWindowMs,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    publicUrl: config.publicUrl?.href ?? null,
    allowedOrigins: config.allowedOrigins,
    metricsToken: config.metricsToken !== undefined,
    trustProxy: config.trustedProxies,
  };
}
