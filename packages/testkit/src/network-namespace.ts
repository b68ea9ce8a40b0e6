// A host of its own for a test peer: a Linux network namespace joined to this
// machine by a veth pair, on a /30 of the documentation range 198.51.100.0/24.
// The peer inside has one address that nothing else on the machine has, so
// what the browsers see of it (and ban) is its alone. Nothing is routed
// anywhere else: the namespace reaches this machine's end of the pair, and
// only that. Needs root (CI and `npm test` run as root).
import { execFileSync } from 'node:child_process';
import { ipPath } from './system-deps.js';

export interface HostNamespace {
  /** `ip netns` name. */
  readonly name: string;
  /** The namespace's address: where its peer's packets come from. */
  readonly address: string;
  /** This machine's end of the pair, as seen from inside (the signaling server is here). */
  readonly hostAddress: string;
  /** Runs `command` inside: the argv to spawn. */
  command(command: string[]): string[];
  /** Deletes the namespace and its veth pair. Safe to call twice. */
  close(): void;
}

/** /30 subnets of 198.51.100.0/24 handed out so far in this process (64 fit). */
let nextSubnet = 0;
const SUBNETS = 64;
const open = new Set<HostNamespace>();

// A test process that dies leaves nothing behind (the names carry its pid).
process.once('exit', () => {
  for (const namespace of open) namespace.close();
});

/** Makes a namespace with one address of its own (198.51.100.4k+2) and a veth pair to here (4k+1). */
export function createHostNamespace(): HostNamespace {
  const ip = ipPath();
  if (!ip) throw new Error('iproute2 is not installed: apt-get install -y iproute2');
  const subnet = nextSubnet++ % SUBNETS;
  const tag = `${process.pid % 100_000}${subnet.toString(36)}`;
  const name = `shoal-${tag}`;
  const outside = `shv${tag}`;
  const inside = `shn${tag}`;
  const hostAddress = `198.51.100.${subnet * 4 + 1}`;
  const address = `198.51.100.${subnet * 4 + 2}`;
  const run = (...args: string[]) =>
    execFileSync(ip, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let closed = false;
  const namespace: HostNamespace = {
    name,
    address,
    hostAddress,
    command: (command) => [ip, 'netns', 'exec', name, ...command],
    close() {
      if (closed) return;
      closed = true;
      open.delete(namespace);
      // Deleting the namespace deletes the veth end in it, and so the pair.
      try {
        run('netns', 'del', name);
      } catch {
        // Already gone.
      }
      try {
        run('link', 'del', outside);
      } catch {
        // Went with the namespace.
      }
    },
  };
  try {
    run('netns', 'add', name);
    open.add(namespace);
    run('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    run('link', 'set', inside, 'netns', name);
    run('addr', 'add', `${hostAddress}/30`, 'dev', outside);
    run('link', 'set', outside, 'up');
    run('netns', 'exec', name, 'ip', 'addr', 'add', `${address}/30`, 'dev', inside);
    run('netns', 'exec', name, 'ip', 'link', 'set', inside, 'up');
    run('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (error) {
    namespace.close();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `could not make a network namespace for a test peer (needs root): ${stderr || String(error)}`,
      { cause: error },
    );
  }
  return namespace;
}
