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
  it('gives none by default', async () => {
    const server = await harness.server();
    const { config } = await harness.client(server.url);
    expect(config.iceServers).toEqual([]);
    expect(config.iceServersExpireAt).toBeNull();
  });

  it('sends configured STUN servers and coturn REST credentials that verify against the secret', async () => {
    const server = await harness.server(env);
    const before = Math.floor(Date.now() / 1000);
    const { config } = await harness.client(server.url);
    const after = Math.floor(Date.now() / 1000);
    expect(decodeClientConfig(config).ok).toBe(true);
    expect(config.iceServers[0]).toEqual(STUN);
    const turn = config.iceServers[1]!;
    expect(turn.urls).toEqual(['turn:turn.example.org:3478', 'turns:turn.example.org:5349']);
    const [expiry, id] = turn.username!.split(':');
    expect(id).toBe(config.peerId);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 3600);
    expect(Number(expiry)).toBeLessThanOrEqual(after + 3600);
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
