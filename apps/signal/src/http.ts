// The HTTP side of the server: health, metrics, and the web app. socket.io
// answers its own path (/socket.io/) before these routes run.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsAccess } from './metrics-access.ts';
import type { Gauges, Metrics } from './metrics.ts';
import { applySecurityHeaders } from './security-headers.ts';
import { serveStatic } from './static.ts';

export interface HttpDeps {
  webDist: string;
  metrics: Metrics;
  gauges: () => Gauges;
  /** Whether this request may read /metrics (METRICS_TOKEN, or loopback only). */
  metricsAccess: (req: IncomingMessage) => MetricsAccess;
  health: () => { status: 'ok' | 'degraded'; redis: 'connected' | 'disconnected' | 'unused' };
  onError: (error: unknown) => void;
}

export function createRequestHandler(deps: HttpDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.onError(error);
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error\n');
      else res.destroy();
    });
  };
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  applySecurityHeaders(res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res
      .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' })
      .end('method not allowed\n');
    return;
  }
  const rawPath = (req.url ?? '/').split('?', 1)[0] ?? '/';
  if (!rawPath.startsWith('/')) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request\n');
    return;
  }
  if (rawPath === '/healthz') {
    const { connectedClients, rooms } = deps.gauges();
    const body = JSON.stringify({ ...deps.health(), connectedClients, rooms });
    res
      // 200 even when degraded: during a Redis outage every process is degraded, and a
      // load balancer that drained them all would turn a partial outage into a full one.
      .writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      })
      .end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  if (rawPath === '/metrics') {
    const access = deps.metricsAccess(req);
    if (access === 'hidden') return plain(res, 404, {}, 'not found\n');
    if (access === 'unauthorized')
      return plain(res, 401, { 'www-authenticate': 'Bearer' }, 'unauthorized\n');
    res
      .writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'cache-control': 'no-store',
      })
      .end(req.method === 'HEAD' ? undefined : deps.metrics.render(deps.gauges()));
    return;
  }
  await serveStatic(deps.webDist, rawPath, req, res);
}

function plain(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  res
    .writeHead(status, {
      ...headers,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(body);
}
