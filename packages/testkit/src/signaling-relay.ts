// A hostile signaling operator, in front of the real server: browsers load
// Shoal from the relay and speak socket.io to it; it forwards every event both
// ways (acks included), and a test may rewrite what it relays to a browser or
// make up events of its own, as an operator who controls the server could.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connectUpstream, type Socket as ClientSocket } from 'socket.io-client';

/** One browser connected through the relay. */
export interface RelayClient {
  /** Its peer id as the real server named it (from the server's config event); '' until then. */
  peerId: string;
  /** Every `signal` payload it sent, in order, as it sent them. */
  readonly sent: { roomId: string; to: string; data: Record<string, unknown> }[];
  /** Every room it asked to join. */
  readonly joined: string[];
  /** Sends an event to this browser as if the server had. */
  emit(event: string, payload: unknown): void;
}

/** What the relay hands a browser for one `signal` event the server relayed to it; null drops it. */
export type SignalRewrite = (
  signal: { roomId: string; from: string; data: Record<string, unknown> },
  client: RelayClient,
) => { roomId: string; from: string; data: Record<string, unknown> } | null;

export interface SignalingRelay {
  /** http://127.0.0.1:port: open pages here. */
  url: string;
  readonly clients: readonly RelayClient[];
  /** Applies to every signal relayed from now on; null relays them untouched. */
  rewrite: SignalRewrite | null;
  close(): Promise<void>;
}

/** Starts a relay on a free loopback port in front of the Shoal server at `targetUrl`. */
export async function startSignalingRelay(targetUrl: string): Promise<SignalingRelay> {
  const target = new URL(targetUrl);
  const clients: RelayClient[] = [];
  const upstreams = new Set<ClientSocket>();
  const http = createServer((req, res) => forwardHttp(target, req, res));
  const io = new Server(http, { transports: ['websocket'], serveClient: false });
  const relay: SignalingRelay = {
    url: '',
    clients,
    rewrite: null,
    close: async () => {
      for (const upstream of upstreams) upstream.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
    },
  };

  io.on('connection', (socket: ServerSocket) => {
    const upstream = connectUpstream(targetUrl, {
      transports: ['websocket'],
      reconnection: false,
      autoConnect: false,
    });
    upstreams.add(upstream);
    const client: RelayClient = {
      peerId: '',
      sent: [],
      joined: [],
      emit: (event, payload) => socket.emit(event, payload),
    };
    clients.push(client);
    upstream.onAny((event: string, ...args: unknown[]) => {
      if (event === 'config') client.peerId = String((args[0] as { peerId?: unknown })?.peerId);
      if (event === 'signal' && relay.rewrite !== null) {
        const rewritten = relay.rewrite(args[0] as Parameters<SignalRewrite>[0], client);
        if (rewritten === null) return;
        args = [rewritten];
      }
      socket.emit(event, ...args);
    });
    socket.onAny((event: string, ...args: unknown[]) => {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (last as (...reply: unknown[]) => void) : null;
      if (ack) args.pop();
      if (event === 'signal') client.sent.push(args[0] as RelayClient['sent'][number]);
      if (event === 'join') client.joined.push(String((args[0] as { roomId?: unknown })?.roomId));
      if (ack) upstream.emit(event, ...args, (...reply: unknown[]) => ack(...reply));
      else upstream.emit(event, ...args);
    });
    socket.on('disconnect', () => upstream.close());
    upstream.on('disconnect', () => socket.disconnect(true));
    upstream.connect();
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return relay;
}

/** The web app and everything else but socket.io: passed through to the real server unchanged. */
function forwardHttp(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

/** The a=fingerprint line of an SDP, as written. */
export function fingerprintLine(sdp: string): string | undefined {
  return /^a=fingerprint:.*$/m.exec(sdp)?.[0]?.replace(/\r$/, '');
}
