import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { Metrics } from './metrics.ts';
import {
  DEFAULT_STUN_LIMITS,
  StunListenError,
  startStunServer,
  type RunningStunServer,
  type StunLimits,
} from './stun-server.ts';
import {
  hasIPv6Loopback,
  readResponse,
  stunMessage,
  udpClient,
  type UdpClient,
} from './stun-test-support.ts';
import { Harness, metricValue } from './test-support.ts';

const logger = createLogger('silent');
const servers: RunningStunServer[] = [];
const clients: UdpClient[] = [];
const harness = new Harness();
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await harness.close();
});

async function stunServer(
  options: { host?: string | undefined; limits?: Partial<StunLimits>; now?: () => number } = {},
) {
  const metrics = new Metrics();
  const server = await startStunServer({
    port: 0,
    host: 'host' in options ? options.host : '127.0.0.1',
    metrics,
    logger,
    now: options.now,
    limits: { ...DEFAULT_STUN_LIMITS, ...options.limits },
  });
  servers.push(server);
  return { server, metrics };
}

async function client(type: 'udp4' | 'udp6' = 'udp4', address?: string) {
  const created = await udpClient(type, address);
  clients.push(created);
  return created;
}

describe('the embedded STUN server', () => {
  it('tells a client its address and port', async () => {
    const { server, metrics } = await stunServer();
    const peer = await client();
    const { datagram, transactionId } = stunMessage();
    await peer.send(datagram, server.port, '127.0.0.1');
    const response = (await peer.next())!;
    const read = readResponse(response);
    expect(read.transactionId).toEqual(transactionId);
    expect(read.mapped).toEqual({
      family: 'IPv4',
      address: '127.0.0.1',
      port: peer.socket.address().port,
    });
    expect(response.length).toBe(32);
    expect(metrics.stunDatagramsTotal).toBe(1);
    expect(metrics.stunResponsesTotal).toBe(1);
  });

  it('answers IPv6 and IPv4 clients on one socket on every interface, IPv4 as IPv4', async (context) => {
    if (!(await hasIPv6Loopback())) return context.skip();
    const { server } = await stunServer({ host: undefined });
    expect(server.address).toBe('::');
    const v6 = await client('udp6', '::1');
    await v6.send(stunMessage().datagram, server.port, '::1');
    const v6Response = (await v6.next())!;
    expect(readResponse(v6Response).mapped).toEqual({
      family: 'IPv6',
      address: '::1',
      port: v6.socket.address().port,
    });
    expect(v6Response.length).toBe(44);
    const v4 = await client('udp4', '127.0.0.1');
    await v4.send(stunMessage().datagram, server.port, '127.0.0.1');
    expect(readResponse((await v4.next())!).mapped).toEqual({
      family: 'IPv4',
      address: '127.0.0.1',
      port: v4.socket.address().port,
    });
  });

  it('answers nothing but well-formed binding requests, and counts every drop by reason', async () => {
    const { server, metrics } = await stunServer();
    const peer = await client();
    const junk = [
      stunMessage({ type: 0x0011 }).datagram, // binding indication
      stunMessage({ type: 0x0101 }).datagram, // binding response
      stunMessage({ type: 0x0003 }).datagram, // TURN allocate
      Buffer.from('not stun at all'),
      Buffer.alloc(2_000),
    ];
    for (const datagram of junk) await peer.send(datagram, server.port, '127.0.0.1');
    const { datagram, transactionId } = stunMessage();
    await peer.send(datagram, server.port, '127.0.0.1');
    // Loopback keeps the order: the first answer is the request's, and nothing follows it.
    expect(readResponse((await peer.next())!).transactionId).toEqual(transactionId);
    expect(await peer.next(200)).toBeUndefined();
    expect(Object.fromEntries(metrics.stunDrops)).toMatchObject({
      'not-binding-request': 3,
      malformed: 1,
      'too-large': 1,
    });
    expect(metrics.stunDatagramsTotal).toBe(6);
    expect(metrics.stunResponsesTotal).toBe(1);
  });

  it('limits each source address, and refills with time', async () => {
    let now = 1_000_000;
    const { server, metrics } = await stunServer({
      now: () => now,
      limits: { perAddressPerSecond: 1, perAddressBurst: 3 },
    });
    const peer = await client();
    for (let i = 0; i < 5; i++) await peer.send(stunMessage().datagram, server.port, '127.0.0.1');
    for (let i = 0; i < 3; i++) expect(await peer.next()).toBeDefined();
    expect(await peer.next(200)).toBeUndefined();
    expect(metrics.stunDrops.get('rate-limited-address')).toBe(2);
    // Another port on the same address shares the bucket.
    const samePlace = await client();
    await samePlace.send(stunMessage().datagram, server.port, '127.0.0.1');
    expect(await samePlace.next(200)).toBeUndefined();
    now += 1_000;
    await peer.send(stunMessage().datagram, server.port, '127.0.0.1');
    expect(await peer.next()).toBeDefined();
  });

  it('limits all sources together', async () => {
    const { server, metrics } = await stunServer({
      host: '0.0.0.0',
      now: () => 0,
      limits: { globalPerSecond: 1, globalBurst: 2 },
    });
    const first = await client('udp4', '127.0.0.1');
    const second = await client('udp4', '127.0.0.2');
    await first.send(stunMessage().datagram, server.port, '127.0.0.1');
    await second.send(stunMessage().datagram, server.port, '127.0.0.1');
    await second.send(stunMessage().datagram, server.port, '127.0.0.1');
    expect(await first.next()).toBeDefined();
    expect(await second.next()).toBeDefined();
    expect(await second.next(200)).toBeUndefined();
    expect(metrics.stunDrops.get('rate-limited-global')).toBe(1);
  });

  it('fails with an error naming STUN_PORT when the port is taken', async () => {
    const taken = createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', resolve));
    const { port } = taken.address();
    try {
      const failure = startStunServer({ port, host: '127.0.0.1', metrics: new Metrics(), logger });
      await expect(failure).rejects.toBeInstanceOf(StunListenError);
      await expect(failure).rejects.toMatchObject({
        code: 'STUN_PORT_IN_USE',
        message: expect.stringMatching(new RegExp(`^STUN_PORT=${port}: .*STUN_PORT=off`)),
      });
      // The whole server refuses to start, rather than run without its STUN port.
      await expect(harness.server({ STUN_PORT: String(port) })).rejects.toMatchObject({
        code: 'STUN_PORT_IN_USE',
      });
    } finally {
      taken.close();
    }
  });
});

describe('the signaling server with STUN', () => {
  it('starts the STUN server with HTTP, counts it in /metrics, and closes it with close()', async () => {
    const server = await harness.server({ STUN_PORT: '0' });
    expect(server.stunPort).toBeGreaterThan(0);
    const peer = await client();
    await peer.send(stunMessage().datagram, server.stunPort!, '127.0.0.1');
    expect(await peer.next()).toBeDefined();
    await peer.send(Buffer.from('junk'), server.stunPort!, '127.0.0.1');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(metricValue(text, 'shoal_signal_stun_responses_total')).toBe(1);
    expect(metricValue(text, 'shoal_signal_stun_datagrams_total')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'shoal_signal_stun_dropped_total{reason="malformed"}')).toBeDefined();

    await server.close();
    // The port is free again.
    const again = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(server.stunPort, '127.0.0.1', resolve);
    });
    again.close();
  });

  it('runs without STUN when STUN_PORT=off', async () => {
    const server = await harness.server({ STUN_PORT: 'off' });
    expect(server.stunPort).toBeUndefined();
  });
});
