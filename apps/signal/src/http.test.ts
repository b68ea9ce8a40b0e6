import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from './security-headers.ts';
import { NOT_BUILT_MESSAGE } from './static.ts';
import { Harness, nextEvent, randomRoomId, rawEmitWithAck } from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

// A fake web build, with a secret next to it that must never be served.
const sandbox = mkdtempSync(join(tmpdir(), 'shoal-static-'));
const webDist = join(sandbox, 'web');
mkdirSync(join(webDist, 'assets'), { recursive: true });
writeFileSync(join(sandbox, 'secret.txt'), 'TOP SECRET');
writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Shoal</title>');
writeFileSync(join(webDist, 'assets', 'index-CkPr7H_X.js'), 'console.log(1)');
writeFileSync(join(webDist, 'assets', 'index-CkPr7H_X.css'), 'body{}');
writeFileSync(join(webDist, 'favicon.svg'), '<svg/>');
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** GET with the path sent exactly as written (fetch would normalize `..`). */
function rawGet(
  url: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static web app', () => {
  it('serves files with their content types and caches only hashed assets forever', async () => {
    const server = await harness.server({ WEB_DIST: webDist });
    const index = await rawGet(server.url, '/');
    expect(index).toMatchObject({ status: 200, body: '<!doctype html><title>Shoal</title>' });
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    const script = await rawGet(server.url, '/assets/index-CkPr7H_X.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await rawGet(server.url, '/assets/index-CkPr7H_X.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    const icon = await rawGet(server.url, '/favicon.svg');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for app routes but 404s missing assets', async () => {
    const server = await harness.server({ WEB_DIST: webDist });
    expect(await rawGet(server.url, '/s/some-share?x=1')).toMatchObject({
      status: 200,
      body: '<!doctype html><title>Shoal</title>',
    });
    expect((await rawGet(server.url, '/assets/missing-12345678.js')).status).toBe(404);
    expect((await rawGet(server.url, '/robots.txt')).status).toBe(404);
  });

  it('sends a strict Content-Security-Policy and the usual security headers on every response', async () => {
    const server = await harness.server({ WEB_DIST: webDist });
    for (const path of ['/', '/assets/index-CkPr7H_X.js', '/healthz', '/metrics', '/missing.js']) {
      const { headers } = await rawGet(server.url, path);
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(headers[name]).toBe(value);
    }
    const csp = SECURITY_HEADERS['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('answers a save link that bypassed the service worker with 404 and how to retry', async () => {
    const server = await harness.server({ WEB_DIST: webDist });
    const response = await rawGet(server.url, '/save/0123456789abcdef0123456789abcdef');
    expect(response.status).toBe(404);
    expect(response.body).toContain('press Save again');
  });

  it('never serves a file outside the web build, however the path is spelled', async () => {
    const server = await harness.server({ WEB_DIST: webDist });
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/secret.txt%00.js',
      '/%ff%fe',
      '//etc/passwd',
      `/..${'/..'.repeat(20)}/etc/passwd`,
    ];
    for (const path of attempts) {
      const response = await rawGet(server.url, path);
      expect(response.body, path).not.toContain('TOP SECRET');
      expect(response.body, path).not.toContain('root:');
      expect([200, 400, 404], path).toContain(response.status);
    }
  });

  it('answers 503 with a clear message when the web app is not built, and stays healthy', async () => {
    const server = await harness.server({ WEB_DIST: join(sandbox, 'not-built') });
    const page = await rawGet(server.url, '/');
    expect(page).toMatchObject({ status: 503, body: NOT_BUILT_MESSAGE });
    expect((await rawGet(server.url, '/healthz')).status).toBe(200);
  });

  it('refuses methods other than GET and HEAD, and answers HEAD without a body', async () => {
    const server = await harness.server({ WEB_DIST: webDist });
    expect((await rawGet(server.url, '/', 'POST')).status).toBe(405);
    const head = await rawGet(server.url, '/', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe(
      String('<!doctype html><title>Shoal</title>'.length),
    );
  });
});

describe('health and metrics', () => {
  it('reports health as JSON with the connected client count', async () => {
    const server = await harness.server({ WEB_DIST: webDist });
    await harness.client(server.url);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      status: 'ok',
      redis: 'unused',
      connectedClients: 1,
      rooms: 0,
    });
  });

  it('exposes Prometheus counters that move with joins, relays and refusals', async () => {
    const server = await harness.server({ WEB_DIST: webDist });
    const metric = async (line: string) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const found = text.split('\n').find((l) => l.startsWith(`${line} `));
      return Number(found?.slice(line.length + 1));
    };
    expect(await metric('shoal_signal_signals_relayed_total')).toBe(0);
    expect(await metric('shoal_signal_refusals_total{reason="invalid-room-id"}')).toBe(0);

    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    const received = nextEvent(bob.socket, 'signal');
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: bob.config.peerId, data: { type: 'offer' } });
    await received;
    await rawEmitWithAck(alice.socket, 'join', { roomId: 'short' });
    await rawEmitWithAck(alice.socket, 'join', { roomId: 'short' });

    expect(await metric('shoal_signal_connected_clients')).toBe(2);
    expect(await metric('shoal_signal_rooms')).toBe(1);
    expect(await metric('shoal_signal_joins_total')).toBe(2);
    expect(await metric('shoal_signal_signals_relayed_total')).toBe(1);
    expect(await metric('shoal_signal_refusals_total{reason="invalid-room-id"}')).toBe(2);
    expect(await metric('shoal_signal_refusals_total{reason="room-full"}')).toBe(0);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('# TYPE shoal_signal_refusals_total counter');
  });
});
