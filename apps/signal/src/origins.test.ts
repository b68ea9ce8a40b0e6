import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, metricValue } from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

/** GET with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHost(url: string, path: string, host: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('allowed origins without PUBLIC_URL', () => {
  it('accepts pages served by the server itself and refuses pages from other sites', async () => {
    const server = await harness.server();
    const { host } = new URL(server.url);
    expect(await harness.attempt(server.url, { origin: `http://${host}` })).toBe('connected');
    expect(await harness.attempt(server.url, { origin: 'https://evil.example' })).not.toBe(
      'connected',
    );
    expect(server.metrics.forbiddenOriginsTotal).toBe(1);
  });

  it('refuses a DNS-rebinding page, whose Origin and Host both name the attacker’s domain, and counts it', async () => {
    const server = await harness.server();
    const host = `evil.example:${server.port}`;
    expect(await harness.attempt(server.url, { origin: `http://${host}`, host })).not.toBe(
      'connected',
    );
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(metricValue(text, 'shoal_signal_forbidden_origins_total')).toBe(1);
  });

  it('refuses its own host under another scheme: the server itself speaks plain HTTP', async () => {
    const server = await harness.server();
    const { host } = new URL(server.url);
    expect(await harness.attempt(server.url, { origin: `https://${host}` })).not.toBe('connected');
  });

  it('refuses a polling handshake, which a rebound page could send without an Origin', async () => {
    // A page's same-origin GET carries no Origin header, so a page on a rebound name
    // could open a polling session that the Origin check never sees. WebSocket only.
    const server = await harness.server();
    const host = `evil.example:${server.port}`;
    const status = await getWithHost(server.url, '/socket.io/?EIO=4&transport=polling', host);
    expect([400, 403]).toContain(status);
  });
});

describe('allowed origins with PUBLIC_URL', () => {
  it('accepts the public origin, scheme and all, and nothing else but ALLOWED_ORIGINS', async () => {
    const server = await harness.server({
      PUBLIC_URL: 'https://share.example',
      ALLOWED_ORIGINS: 'http://localhost:5173',
    });
    const host = 'share.example';
    expect(await harness.attempt(server.url, { origin: 'https://share.example', host })).toBe(
      'connected',
    );
    expect(await harness.attempt(server.url, { origin: 'http://localhost:5173' })).toBe(
      'connected',
    );
    expect(await harness.attempt(server.url, { origin: 'http://share.example', host })).not.toBe(
      'connected',
    );
    const own = new URL(server.url).host;
    expect(await harness.attempt(server.url, { origin: `http://${own}` })).not.toBe('connected');
    expect(server.metrics.forbiddenOriginsTotal).toBe(2);
  });
});

describe('allowed origins from ALLOWED_ORIGINS', () => {
  it('accepts the origins listed in ALLOWED_ORIGINS', async () => {
    const server = await harness.server({ ALLOWED_ORIGINS: 'http://localhost:5173' });
    expect(await harness.attempt(server.url, { origin: 'http://localhost:5173' })).toBe(
      'connected',
    );
    expect(await harness.attempt(server.url, { origin: 'http://localhost:5174' })).not.toBe(
      'connected',
    );
  });
});
