// A TCP proxy on loopback that forwards to a server and keeps every byte the
// clients sent, so a test can assert what the server could have seen.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { decodeClientStream } from './websocket-frames.ts';

export interface CapturingProxy {
  url: string;
  port: number;
  /** Every client connection's requests and WebSocket payloads, decoded to text. */
  captured(): string[];
  close(): Promise<void>;
}

export async function startCapturingProxy(targetPort: number): Promise<CapturingProxy> {
  const streams: Buffer[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const chunks: Buffer[] = [];
    streams.push(chunks);
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => chunks.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    captured: () => streams.flatMap((chunks) => decodeClientStream(Buffer.concat(chunks))),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
