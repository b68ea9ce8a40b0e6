// The HTTP side of the server: health, metrics, and the web app. socket.io
// answers its own path (/socket.io/) before these routes run.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gauges, Metrics } from './metrics.ts';
import { applySecurityHeaders } from './security-headers.ts';
import { serveStatic } from './static.ts';

export interface HttpDeps {
  webDist: string;
  metrics: Metrics;
  gauges: () => Gauges;
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
    const health = deps.health();
    const body = JSON.stringify({ ...health, ...deps.gauges() });
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
