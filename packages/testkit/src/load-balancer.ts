// A round-robin TCP load balancer on loopback: each new connection goes to the
// next backend that accepts it, so when one server process dies its clients'
// reconnects land on another. No stickiness: Shoal's client speaks WebSocket only.
import { connect, createServer, type Socket } from 'node:net';

export interface LoadBalancer {
  url: string;
  port: number;
  /** How many connections each backend port has taken so far. */
  connectionsByBackend(): Map<number, number>;
  close(): Promise<void>;
}

export async function startLoadBalancer(backendPorts: number[]): Promise<LoadBalancer> {
  let next = 0;
  const counts = new Map(backendPorts.map((port) => [port, 0]));
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const server = createServer((client) => {
    track(client);
    client.pause();
    const attempt = (tries: number) => {
      if (tries >= backendPorts.length) return client.destroy();
      const port = backendPorts[next++ % backendPorts.length]!;
      const upstream = connect(port, '127.0.0.1');
      upstream.once('error', () => attempt(tries + 1));
      upstream.once('connect', () => {
        track(upstream);
        counts.set(port, (counts.get(port) ?? 0) + 1);
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connectionsByBackend: () => new Map(counts),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
