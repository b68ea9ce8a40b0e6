import { afterEach, describe, expect, it } from 'vitest';
import { Harness, metricValue, nonLoopbackAddress, urlFor } from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

const TOKEN = 'metrics-token-for-tests-0123456789';
const lan = nonLoopbackAddress();

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/metrics`, { headers });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

describe('/metrics with METRICS_TOKEN', () => {
  it('answers only a request with the bearer token, and tells the others nothing', async () => {
    const server = await harness.server({ METRICS_TOKEN: TOKEN });
    const good = await get(server.url, { authorization: `Bearer ${TOKEN}` });
    expect(good.status).toBe(200);
    expect(metricValue(good.body, 'shoal_signal_connected_clients')).toBe(0);
    const wrongSameLength = `${TOKEN.slice(0, -1)}x`;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${wrongSameLength}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const refused = await get(server.url, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(refused.body).not.toContain('shoal_');
    }
  });

  it.skipIf(lan === undefined)(
    'answers a request from the network that has the token',
    async () => {
      const server = await harness.server({ METRICS_TOKEN: TOKEN, HOST: '::' });
      const url = urlFor(lan!, server.port);
      expect((await get(url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect((await get(url)).status).toBe(401);
    },
  );
});

describe('/metrics without METRICS_TOKEN', () => {
  it('answers clients on loopback: 127.0.0.1, ::1, and 127.0.0.1 mapped into IPv6', async () => {
    // Listening on '::' makes IPv4 clients arrive as ::ffff:127.0.0.1.
    const server = await harness.server({ HOST: '::' });
    for (const address of ['127.0.0.1', '::1']) {
      const { status, body } = await get(urlFor(address, server.port));
      expect(status, address).toBe(200);
      expect(body).toContain('shoal_signal_connections_total');
    }
  });

  it.skipIf(lan === undefined)(
    'answers 404, as for a missing file, to a client that is not on loopback',
    async () => {
      const server = await harness.server({ HOST: '::' });
      const { status, body } = await get(urlFor(lan!, server.port));
      expect(status).toBe(404);
      expect(body).toBe('not found\n');
      expect((await fetch(`${urlFor(lan!, server.port)}/healthz`)).status).toBe(200);
    },
  );

  it('behind a TRUST_PROXY proxy, hides /metrics from the clients it forwards', async () => {
    const server = await harness.server({ TRUST_PROXY: '127.0.0.1' });
    expect((await get(server.url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(404);
    expect((await get(server.url)).status).toBe(200);
  });
});
