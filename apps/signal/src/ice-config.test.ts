import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeClientConfig } from '@shoal/protocol';
import { Harness } from './test-support.ts';
import { iceServersFor } from './turn.ts';

const harness = new Harness();
afterEach(() => harness.close());

const STUN = { urls: 'stun:stun.example.org:3478' };
const env = {
  ICE_SERVERS: JSON.stringify([STUN]),
  TURN_URLS: 'turn:turn.example.org:3478,turns:turn.example.org:5349',
  TURN_SECRET: 'north-sea-herring',
  TURN_TTL_SECONDS: '3600',
};

describe('ICE configuration for clients', () => {
  it('gives none with STUN off and nothing configured', async () => {
    const server = await harness.server({ STUN_PORT: 'off' });
    const { config } = await harness.client(server.url);
    expect(config.iceServers).toEqual([]);
    expect(config.iceServersExpireAt).toBeNull();
  });

  it('gives the embedded STUN server on the host the page came from, before ICE_SERVERS and TURN', async () => {
    const server = await harness.server({ ...env, STUN_PORT: '0' });
    const { config } = await harness.client(server.url, { host: 'share.example:8080' });
    expect(decodeClientConfig(config).ok).toBe(true);
    expect(config.iceServers.map((entry) => entry.urls)).toEqual([
      `stun:share.example:${server.stunPort}`,
      STUN.urls,
      ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'],
    ]);
    expect(config.iceServers[0]).toEqual({ urls: `stun:share.example:${server.stunPort}` });
  });

  it('names PUBLIC_URL rather than the Host header, with STUN_PUBLIC_PORT if set', async () => {
    const server = await harness.server({
      STUN_PORT: '0',
      STUN_PUBLIC_PORT: '19302',
      PUBLIC_URL: 'https://share.example',
    });
    const { config } = await harness.client(server.url, { host: 'elsewhere.example' });
    expect(config.iceServers).toEqual([{ urls: 'stun:share.example:19302' }]);
  });

  it('keeps an IPv6 Host bracketed, and gives no STUN entry for a bogus Host', async () => {
    const server = await harness.server({ ...env, STUN_PORT: '0' });
    const ipv6 = await harness.client(server.url, { host: '[2001:db8::7]:8080' });
    expect(ipv6.config.iceServers[0]).toEqual({ urls: `stun:[2001:db8::7]:${server.stunPort}` });
    const bogus = await harness.client(server.url, { host: 'bad_host!:80' });
    expect(bogus.config.iceServers.map((entry) => entry.urls)).toEqual([
      STUN.urls,
      ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'],
    ]);
  });

  it('sends configured STUN servers and coturn REST credentials that verify against the secret', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 999);
    const server = await harness.server(env, { now: () => now });
    const { config } = await harness.client(server.url);
    expect(decodeClientConfig(config).ok).toBe(true);
    expect(config.iceServers[0]).toEqual(STUN);
    const turn = config.iceServers[1]!;
    expect(turn.urls).toEqual(['turn:turn.example.org:3478', 'turns:turn.example.org:5349']);
    const [expiry, id] = turn.username!.split(':');
    expect(id).toBe(config.peerId);
    // TURN_TTL_SECONDS after the server's clock, in whole seconds.
    expect(Number(expiry)).toBe(Math.floor(now / 1000) + 3600);
    expect(config.iceServersExpireAt).toBe(Number(expiry));
    const expected = createHmac('sha1', 'north-sea-herring')
      .update(turn.username!)
      .digest('base64');
    expect(turn.credential).toBe(expected);
  });

  it('hands out fresh credentials in answer to hello', async () => {
    const server = await harness.server(env);
    const { socket, config } = await harness.client(server.url);
    const ack = await socket.timeout(3000).emitWithAck('hello');
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.value.peerId).toBe(config.peerId);
    const turn = ack.value.iceServers[1]!;
    expect(turn.credential).toBe(
      createHmac('sha1', env.TURN_SECRET).update(turn.username!).digest('base64'),
    );
  });

  it('derives expiry from the injected clock', () => {
    const turn = { urls: ['turn:x'], secret: 'k', ttlSeconds: 60 };
    const { iceServers, expiresAt } = iceServersFor(
      { iceServers: [], turn },
      'peer',
      1_700_000_000_500,
    );
    expect(expiresAt).toBe(1_700_000_060);
    expect(iceServers).toEqual([
      {
        urls: ['turn:x'],
        username: '1700000060:peer',
        credential: createHmac('sha1', 'k').update('1700000060:peer').digest('base64'),
      },
    ]);
  });
});
