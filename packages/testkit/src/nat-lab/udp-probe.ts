// What a NAT does to one UDP socket's traffic, seen from the internet side: the
// lab's own check that its routers are the kinds of NAT they claim to be.
// Two reflectors in the internet namespace answer each datagram with the
// address and port they saw it come from; a client in a home sends one socket's
// datagrams to both. Each side runs as `node -e` inside its namespace.
import type { LabNamespace } from './nat-lab.ts';
import { untilPrinted } from './printed.ts';

/** How long the client waits for each reflector's answer. */
const PROBE_TIMEOUT_MS = 2_000;

const REFLECTOR = `
const dgram = require('node:dgram');
const [host, ...ports] = process.argv.slice(1);
let ready = 0;
for (const port of ports) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (_m, from) => socket.send(from.address + ':' + from.port, from.port, from.address));
  socket.bind(Number(port), host, () => { if (++ready === ports.length) console.log('ready'); });
}`;

const CLIENT = `
const dgram = require('node:dgram');
const [host, timeoutMs, ...ports] = process.argv.slice(1);
const socket = dgram.createSocket('udp4');
const seen = {};
socket.on('message', (m, from) => { seen[from.port] = String(m); });
socket.bind(0, () => {
  for (const port of ports) socket.send('probe', Number(port), host);
  setTimeout(() => { console.log(JSON.stringify(seen)); socket.close(); }, Number(timeoutMs));
});`;

export interface ProbeResult {
  /** For each reflector port: the "address:port" it saw the client's datagram from, if any answer came back. */
  seenBy: Record<number, string | undefined>;
}

/** Sends one datagram from one socket in `home` to each port, via `internet`'s reflectors. */
export async function probeUdpMapping(
  internet: LabNamespace & { address: string },
  home: LabNamespace,
  ports: readonly number[],
): Promise<ProbeResult> {
  const reflector = internet.spawn(
    [process.execPath, '-e', REFLECTOR, internet.address, ...ports.map(String)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await untilPrinted(reflector, /ready/, 'the UDP reflector');
    const out = home.run([
      process.execPath,
      '-e',
      CLIENT,
      internet.address,
      String(PROBE_TIMEOUT_MS),
      ...ports.map(String),
    ]);
    const seen = JSON.parse(out) as Record<string, string>;
    return { seenBy: Object.fromEntries(ports.map((port) => [port, seen[port]])) };
  } finally {
    reflector.kill();
  }
}
