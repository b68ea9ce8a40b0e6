import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port the OS chose'));
      });
    });
  });
}

/** Ports freePort() may offer before one is also free for UDP: each is taken by UDP only rarely. */
const FREE_TCP_AND_UDP_TRIES = 20;

/**
 * A port free for both TCP and UDP on IPv4 `host` a moment ago, for a server
 * that listens on both with one number (coturn). freePort() alone checks TCP
 * only, and the UDP port of that number may be held: a browser's ICE sockets
 * are bound to 0.0.0.0 on ephemeral ports, the range the OS picks TCP ports
 * from too, and they block a later bind to 127.0.0.1 on that port.
 */
export async function freeTcpAndUdpPort(host = '127.0.0.1'): Promise<number> {
  for (let tries = 0; tries < FREE_TCP_AND_UDP_TRIES; tries++) {
    const port = await freePort();
    if (await udpPortFree(host, port)) return port;
  }
  throw new Error(
    `no port free for both TCP and UDP on ${host} in ${FREE_TCP_AND_UDP_TRIES} tries`,
  );
}

function udpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}
