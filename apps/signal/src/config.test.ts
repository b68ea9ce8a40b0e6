import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SIGNAL_BYTES } from '@shoal/protocol';
import {
  DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  DEFAULT_MAX_PEERS_PER_ROOM,
  DEFAULT_PORT,
  DEFAULT_STUN_PORT,
  describeConfig,
  parseConfig,
} from './config.ts';
import { DEFAULT_LIVENESS_TTL_MS } from './redis-room-directory.ts';

const problemsOf = (env: Record<string, string>) => {
  const result = parseConfig(env);
  return result.ok ? [] : result.error;
};

describe('configuration from the environment', () => {
  it('has working defaults for an empty environment', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      port: DEFAULT_PORT,
      iceServers: [],
      turn: undefined,
      stun: { port: DEFAULT_STUN_PORT, host: undefined, publicPort: undefined },
      redisUrl: undefined,
      redisLivenessTtlMs: DEFAULT_LIVENESS_TTL_MS,
      logLevel: 'info',
      maxSignalBytes: DEFAULT_MAX_SIGNAL_BYTES,
      maxPeersPerRoom: DEFAULT_MAX_PEERS_PER_ROOM,
      maxConnectionsPerAddress: DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
      publicUrl: undefined,
      allowedOrigins: [],
      metricsToken: undefined,
      trustedProxies: [],
    });
  });

  it('reads every limit, ICE servers, TURN and Redis', () => {
    const result = parseConfig({
      PORT: '9000',
      MAX_PEERS_PER_ROOM: '7',
      MAX_ROOMS_PER_CONNECTION: '3',
      RATE_LIMIT_PER_SECOND: '4',
      RATE_LIMIT_BURST: '9',
      MAX_REFUSALS: '11',
      REFUSAL_WINDOW_MS: '2000',
      MAX_MESSAGE_BYTES: '8192',
      MAX_SIGNAL_BYTES: '4096',
      ICE_SERVERS: '[{"urls":"stun:stun.example.org"}]',
      TURN_URLS: 'turn:turn.example.org:3478, turns:turn.example.org:5349',
      TURN_SECRET: 's3cret',
      TURN_TTL_SECONDS: '600',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_LIVENESS_TTL_MS: '2000',
      LOG_LEVEL: 'DEBUG',
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        port: 9000,
        maxPeersPerRoom: 7,
        maxRoomsPerConnection: 3,
        rateLimitPerSecond: 4,
        rateLimitBurst: 9,
        maxRefusals: 11,
        refusalWindowMs: 2000,
        maxMessageBytes: 8192,
        maxSignalBytes: 4096,
        iceServers: [{ urls: 'stun:stun.example.org' }],
        turn: {
          urls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'],
          secret: 's3cret',
          ttlSeconds: 600,
        },
        redisUrl: 'redis://127.0.0.1:6379',
        redisLivenessTtlMs: 2000,
        logLevel: 'debug',
      },
    });
  });

  it('names the variable and the value for malformed numbers', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual([
      'PORT must be an integer from 0 to 65535, got "eighty"',
    ]);
    expect(problemsOf({ MAX_PEERS_PER_ROOM: '1.5' })[0]).toMatch(
      /^MAX_PEERS_PER_ROOM must be an integer/,
    );
    expect(problemsOf({ RATE_LIMIT_BURST: '0' })[0]).toMatch(
      /^RATE_LIMIT_BURST must be an integer from 1/,
    );
  });

  it('explains ICE_SERVERS that are not JSON, not an array, or hold bad entries', () => {
    expect(problemsOf({ ICE_SERVERS: '[{urls:' })[0]).toMatch(/^ICE_SERVERS must be a JSON array/);
    expect(problemsOf({ ICE_SERVERS: '{"urls":"stun:x"}' })[0]).toMatch(
      /^ICE_SERVERS is invalid: .*array/,
    );
    expect(problemsOf({ ICE_SERVERS: '[{"urls":"turn:x"}]' })[0]).toMatch(
      /username and a credential/,
    );
    expect(problemsOf({ ICE_SERVERS: '[{"urls":"http://x"}]' })[0]).toMatch(
      /stun:, stuns:, turn: or turns:/,
    );
  });

  it('refuses half a TURN configuration and non-TURN URLs', () => {
    expect(problemsOf({ TURN_URLS: 'turn:x' })).toEqual([
      'TURN_URLS is set but TURN_SECRET is empty',
    ]);
    expect(problemsOf({ TURN_SECRET: 'x' })).toEqual(['TURN_SECRET is set but TURN_URLS is empty']);
    expect(problemsOf({ TURN_URLS: 'stun:x', TURN_SECRET: 'x' })).toEqual([
      'TURN_URLS must be turn: or turns: URLs',
    ]);
  });

  it('reads STUN_PORT (a port, 0 for any free one, or off), STUN_PUBLIC_PORT and STUN_HOST, binding where HOST does by default', () => {
    expect(parseConfig({ STUN_PORT: '0', HOST: '192.0.2.1' })).toMatchObject({
      ok: true,
      value: { stun: { port: 0, host: '192.0.2.1', publicPort: undefined } },
    });
    expect(
      parseConfig({
        STUN_PORT: '3479',
        STUN_PUBLIC_PORT: '19302',
        HOST: '127.0.0.1',
        STUN_HOST: '::',
      }),
    ).toMatchObject({ ok: true, value: { stun: { port: 3479, host: '::', publicPort: 19302 } } });
    expect(parseConfig({ STUN_PORT: ' OFF ' })).toMatchObject({
      ok: true,
      value: { stun: undefined },
    });
  });

  it('refuses a bad STUN_PORT, STUN_PUBLIC_PORT or STUN_HOST, and STUN settings with STUN off', () => {
    for (const bad of ['-1', '65536', '3478.5', 'no', '0x10'])
      expect(problemsOf({ STUN_PORT: bad }), bad).toEqual([
        `STUN_PORT must be an integer from 0 to 65535 (0: any free port) or "off", got "${bad}"`,
      ]);
    expect(problemsOf({ STUN_PUBLIC_PORT: '0' })).toEqual([
      'STUN_PUBLIC_PORT must be an integer from 1 to 65535, got "0"',
    ]);
    expect(problemsOf({ STUN_HOST: 'stun.example' })[0]).toMatch(
      /^STUN_HOST must be an IP address/,
    );
    expect(problemsOf({ STUN_PORT: 'off', STUN_PUBLIC_PORT: '3478', STUN_HOST: '::' })).toEqual([
      'STUN_PUBLIC_PORT is set but STUN_PORT is off',
      'STUN_HOST is set but STUN_PORT is off',
    ]);
  });

  it('refuses more ICE servers than a client accepts, counting TURN and the embedded STUN server', () => {
    const servers = (count: number) =>
      JSON.stringify(Array.from({ length: count }, (_, i) => ({ urls: `stun:s${i}.example` })));
    expect(problemsOf({ ICE_SERVERS: servers(15) })).toEqual([]);
    expect(problemsOf({ ICE_SERVERS: servers(16), STUN_PORT: 'off' })).toEqual([]);
    expect(problemsOf({ ICE_SERVERS: servers(16) })[0]).toMatch(
      /^ICE_SERVERS has 16 entries; with TURN and the embedded STUN server each client would get 17/,
    );
    expect(
      problemsOf({ ICE_SERVERS: servers(15), TURN_URLS: 'turn:x', TURN_SECRET: 'k' }),
    ).toHaveLength(1);
  });

  it('reads ALLOWED_ORIGINS and refuses entries that are not bare origins', () => {
    const result = parseConfig({ ALLOWED_ORIGINS: 'http://localhost:5173, https://share.example' });
    expect(result.ok && result.value.allowedOrigins).toEqual([
      'http://localhost:5173',
      'https://share.example',
    ]);
    expect(problemsOf({ ALLOWED_ORIGINS: 'https://share.example/path' })).toEqual([
      'ALLOWED_ORIGINS must list origins like https://share.example, got "https://share.example/path"',
    ]);
  });

  it('reads PUBLIC_URL as a URL with an origin, and refuses one with a path, credentials or another scheme', () => {
    const result = parseConfig({ PUBLIC_URL: 'https://Share.Example/' });
    expect(result.ok && result.value.publicUrl?.origin).toBe('https://share.example');
    expect(result.ok && result.value.publicUrl?.hostname).toBe('share.example');
    for (const bad of [
      'share.example',
      'https://share.example/app',
      'https://u:p@share.example',
      'https://share.example/?x=1',
      'wss://share.example',
    ]) {
      expect(problemsOf({ PUBLIC_URL: bad }), bad).toEqual([
        `PUBLIC_URL must be the http(s) URL the public reaches this server at, like https://share.example, got "${bad}"`,
      ]);
    }
  });

  it('reads METRICS_TOKEN, refuses a short or unsendable one without repeating it', () => {
    const token = 'a'.repeat(32);
    const result = parseConfig({ METRICS_TOKEN: token });
    expect(result.ok && result.value.metricsToken).toBe(token);
    for (const bad of ['short-secret', `${'a'.repeat(20)} b`, `${'a'.repeat(20)}"`]) {
      const problems = problemsOf({ METRICS_TOKEN: bad });
      expect(problems, bad).toHaveLength(1);
      expect(problems[0]).toMatch(/^METRICS_TOKEN must be at least 16 characters/);
      expect(problems[0]).not.toContain(bad);
    }
  });

  it('reads MAX_CONNECTIONS_PER_ADDRESS, with 0 for no limit', () => {
    expect(parseConfig({ MAX_CONNECTIONS_PER_ADDRESS: '0' })).toMatchObject({
      ok: true,
      value: { maxConnectionsPerAddress: 0 },
    });
    expect(problemsOf({ MAX_CONNECTIONS_PER_ADDRESS: '-1' })[0]).toMatch(
      /^MAX_CONNECTIONS_PER_ADDRESS must be an integer from 0/,
    );
  });

  it('reads TRUST_PROXY as addresses and CIDR ranges, and refuses anything else', () => {
    const result = parseConfig({ TRUST_PROXY: '127.0.0.1, ::1, 10.0.0.0/8, ::ffff:192.0.2.1' });
    expect(result.ok && result.value.trustedProxies).toEqual([
      '127.0.0.1',
      '::1',
      '10.0.0.0/8',
      '192.0.2.1',
    ]);
    for (const bad of [
      'true',
      '1',
      'proxy.example',
      '10.0.0.0/33',
      '10.0.0.0/x',
      '::/129',
      '1.2.3.4/8/8',
    ])
      expect(problemsOf({ TRUST_PROXY: bad }), bad).toEqual([
        `TRUST_PROXY must list the reverse proxies' addresses or CIDR ranges, like 127.0.0.1,::1 or 10.0.0.0/8, got "${bad}"`,
      ]);
  });

  it('refuses a signal cap that does not fit in a message, a bad log level and a bad Redis URL', () => {
    expect(problemsOf({ MAX_MESSAGE_BYTES: '4096', MAX_SIGNAL_BYTES: '4096' })[0]).toMatch(
      /must be below MAX_MESSAGE_BYTES/,
    );
    expect(problemsOf({ LOG_LEVEL: 'loud' })[0]).toMatch(
      /^LOG_LEVEL must be one of debug, info, warn, error, silent/,
    );
    expect(problemsOf({ REDIS_URL: 'localhost:6379' })[0]).toMatch(
      /^REDIS_URL must start with redis:\/\//,
    );
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: '-1', LOG_LEVEL: 'x', ICE_SERVERS: 'nope' })).toHaveLength(3);
  });

  it('keeps the TURN secret and the metrics token out of the startup summary', () => {
    const token = 'metrics-token-0123456789';
    const result = parseConfig({
      TURN_URLS: 'turn:x',
      TURN_SECRET: 'hunter2',
      METRICS_TOKEN: token,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const summary = JSON.stringify(describeConfig(result.value));
    expect(summary).not.toContain('hunter2');
    expect(summary).not.toContain(token);
    expect(describeConfig(result.value)).toMatchObject({ metricsToken: true });
  });

  it('summarises the STUN settings at startup', () => {
    const summary = (env: Record<string, string>) => {
      const result = parseConfig(env);
      return result.ok ? describeConfig(result.value).stun : 'invalid';
    };
    expect(summary({})).toEqual({ port: 3478, host: 'all', publicPort: 'bound' });
    expect(summary({ STUN_PORT: 'off' })).toBe('off');
  });
});
