import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SIGNAL_BYTES } from '@shoal/protocol';
import { DEFAULT_MAX_PEERS_PER_ROOM, DEFAULT_PORT, describeConfig, parseConfig } from './config.ts';

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
      redisUrl: undefined,
      logLevel: 'info',
      maxSignalBytes: DEFAULT_MAX_SIGNAL_BYTES,
      maxPeersPerRoom: DEFAULT_MAX_PEERS_PER_ROOM,
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

  it('keeps the TURN secret out of the startup summary', () => {
    const result = parseConfig({ TURN_URLS: 'turn:x', TURN_SECRET: 'hunter2' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(JSON.stringify(describeConfig(result.value))).not.toContain('hunter2');
  });
});
