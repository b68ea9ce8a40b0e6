import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './server.ts';
import {
  EVENT_TIMEOUT_MS,
  Harness,
  disconnected,
  metricValue,
  rawEmitWithAck,
  serverSocketOf,
  upgradeRequest,
  urlFor,
  type TestClient,
} from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

/** The documented refusal (apps/signal/README.md, "Connections per address"). */
const REFUSAL = /^too many connections from this address \(at most \d+\)$/;

const metric = async (url: string, name: string) =>
  metricValue(await (await fetch(`${url}/metrics`)).text(), name);

/**
 * Admission frees a place when the server's TCP socket of a connection closes. Every
 * listener of that 'close' has run before anything awaiting it goes on, so once these
 * resolve, the places are free.
 */
function tcpClosed(socket: Socket): Promise<void> {
  // Only 'close': the socket may emit 'error' on its way there (EPIPE), which the server handles.
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`a TCP socket still open after ${EVENT_TIMEOUT_MS} ms`)),
      EVENT_TIMEOUT_MS,
    );
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Resolves once the server's TCP socket of `client`'s connection has closed. */
const placeFreed = (server: RunningServer, client: TestClient) =>
  tcpClosed(serverSocketOf(server, client).request.socket as Socket);

/** Collects the TCP sockets the server accepts from now on; `closed()` waits until each has closed. */
function watchTcp(server: RunningServer): { closed: () => Promise<void> } {
  const closes: Promise<unknown>[] = [];
  const accepted = (socket: Socket) => closes.push(tcpClosed(socket));
  server.io.httpServer.on('connection', accepted);
  return {
    closed: async () => {
      server.io.httpServer.off('connection', accepted);
      await Promise.all(closes);
    },
  };
}

/** Opens a TCP connection, sends the start of a WebSocket handshake, and drops it. */
function vanishMidHandshake(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
          'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      socket.destroy();
      resolve();
    });
    socket.on('error', () => resolve());
  });
}

describe('connections per address', () => {
  it('accepts MAX_CONNECTIONS_PER_ADDRESS from one address, refuses the next with the documented error, and admits another address', async () => {
    // On '::', IPv4 clients arrive as ::ffff:127.0.0.1 and count as 127.0.0.1.
    const server = await harness.server({ MAX_CONNECTIONS_PER_ADDRESS: '3', HOST: '::' });
    const v4 = urlFor('127.0.0.1', server.port);
    for (let i = 0; i < 3; i++) expect(await harness.attempt(v4)).toBe('connected');
    expect(await harness.attempt(v4)).not.toBe('connected');
    const refused = await upgradeRequest(v4);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(REFUSAL);
    expect(await harness.attempt(urlFor('::1', server.port))).toBe('connected');

    expect(await metric(v4, 'shoal_signal_address_limit_refusals_total')).toBe(2);
    expect(await metric(v4, 'shoal_signal_client_addresses')).toBe(2);
    expect(await metric(v4, 'shoal_signal_connected_clients')).toBe(4);
  });

  it('frees a place when the client disconnects and when the server cuts it for abuse', async () => {
    const server = await harness.server({ MAX_CONNECTIONS_PER_ADDRESS: '2', MAX_REFUSALS: '2' });
    const first = await harness.client(server.url);
    const second = await harness.client(server.url);
    expect(await harness.attempt(server.url)).toMatch(/websocket error/);

    // The client disconnects.
    const firstFreed = placeFreed(server, first.socket);
    first.socket.disconnect();
    await firstFreed;
    expect(await harness.attempt(server.url)).toBe('connected');

    // The server cuts an abusive client.
    const secondFreed = placeFreed(server, second.socket);
    const cut = disconnected(second.socket);
    await rawEmitWithAck(second.socket, 'join', { roomId: 'short' });
    await rawEmitWithAck(second.socket, 'join', { roomId: 'short' });
    await cut;
    await secondFreed;
    expect(await harness.attempt(server.url)).toBe('connected');
    expect(await harness.attempt(server.url)).not.toBe('connected');
  });

  it('holds no place for a handshake that never became a connection', async () => {
    // The client vanishes mid-handshake, the server upgrades and the client drops
    // the socket at once, or the Origin is refused before anything is counted.
    const held = await harness.server({ MAX_CONNECTIONS_PER_ADDRESS: '2' });
    const handshakes = watchTcp(held);
    for (let i = 0; i < 5; i++) {
      await vanishMidHandshake(held.port);
      expect((await upgradeRequest(held.url)).status).toBe(101);
      expect((await upgradeRequest(held.url, { origin: 'https://evil.example' })).status).toBe(400);
    }
    await handshakes.closed();
    expect(await harness.attempt(held.url)).toBe('connected');
    expect(await harness.attempt(held.url)).toBe('connected');
    expect(await harness.attempt(held.url)).not.toBe('connected');
    expect(await metric(held.url, 'shoal_signal_client_addresses')).toBe(1);
  });

  it('counts clients behind a TRUST_PROXY proxy by the address it forwards, and believes no one else', async () => {
    const trusting = await harness.server({
      MAX_CONNECTIONS_PER_ADDRESS: '1',
      TRUST_PROXY: '127.0.0.1',
    });
    const via = (client: string) => ({ 'x-forwarded-for': `198.51.100.1, ${client}` });
    expect(await harness.attempt(trusting.url, via('203.0.113.1'))).toBe('connected');
    expect(await harness.attempt(trusting.url, via('203.0.113.2'))).toBe('connected');
    expect(await harness.attempt(trusting.url, via('203.0.113.1'))).not.toBe('connected');

    const untrusting = await harness.server({ MAX_CONNECTIONS_PER_ADDRESS: '1' });
    expect(await harness.attempt(untrusting.url, via('203.0.113.1'))).toBe('connected');
    expect(await harness.attempt(untrusting.url, via('203.0.113.2'))).not.toBe('connected');
  });
});
