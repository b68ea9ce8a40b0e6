// Starts a hostile peer (run-hostile-peer.ts) in a process of its own, on a
// host of its own (a network namespace), and mirrors its connection logs here.
// - Its own process: Node's libwebrtc (@roamhq/wrtc) crashes its process now
//   and then (SIGSEGV) while tearing connections down (node-webrtc#391, #696);
//   in the Playwright worker that killed about one run in fifteen of a
//   hostile-peer spec. Here a crash after the test read the logs costs nothing,
//   and one before it fails the test with a clear reason.
// - Its own host: on this machine every process shares the browsers' addresses,
//   so a browser that bans the hostile peer's address would ban the sharer too.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHostNamespace, type HostNamespace } from '../network-namespace.ts';
import type { HostileCommand, HostileReport, HostileRequest, LogUpdate } from './hostile-ipc.ts';
import type { HostilePeer, HostilePeerOptions } from './run-hostile-peer.ts';
import type { ConnectionLog } from './wire-link.ts';

export type { HostilePeer, HostilePeerOptions } from './run-hostile-peer.ts';

const CHILD = fileURLToPath(new URL('./hostile-process.ts', import.meta.url));

/** How long close() lets the process leave on its own before killing it. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Joins the room of `options.link` in a process of its own and plays the
 * behaviour on every connection (see runHostilePeer). Resolves once it is in
 * the room (and, for behaviours that need it, has the real manifest).
 */
export async function startHostilePeer(options: HostilePeerOptions): Promise<HostilePeer> {
  const namespace = createHostNamespace();
  const [command, ...args] = namespace.command([process.execPath, '--import', 'tsx', CHILD]);
  const child = spawn(command!, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const mirror = new Mirror(child, namespace);
  // The server as the namespace reaches it: through this machine's end of the pair.
  const serverUrl = new URL(options.serverUrl);
  serverUrl.hostname = namespace.hostAddress;
  try {
    await mirror.request({
      cmd: 'start',
      options: { ...options, serverUrl: serverUrl.origin, address: namespace.address },
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    behaviour: options.behaviour,
    get peerId() {
      return mirror.peerId;
    },
    answered: mirror.answered,
    dialled: mirror.dialled,
    connectionsFrom: (remote) => mirror.answered.filter((c) => c.remotePeerId === remote),
    rejoin: () => mirror.request({ cmd: 'rejoin' }),
    close() {
      mirror.closing = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ cmd: 'close', id: -1 } satisfies HostileCommand);
      setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS).unref();
    },
  };
}

type Pending = { resolve: () => void; reject: (error: Error) => void };

/** The test process's copy of the child's state. */
class Mirror {
  peerId = '';
  closing = false;
  readonly answered: ConnectionLog[] = [];
  readonly dialled: ConnectionLog[] = [];
  readonly #pending = new Map<number, Pending>();
  readonly #child: ChildProcess;
  #nextId = 1;

  constructor(child: ChildProcess, namespace: HostNamespace) {
    this.#child = child;
    child.on('message', (report: HostileReport) => this.#receive(report));
    child.on('exit', (code, signal) => {
      namespace.close();
      const why = new Error(`the hostile peer's process exited (${signal ?? `code ${code}`})`);
      if (!this.closing) process.stderr.write(`${why.message}\n`);
      for (const pending of this.#pending.values()) pending.reject(why);
      this.#pending.clear();
    });
  }

  request(command: HostileRequest): Promise<void> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ ...command, id } satisfies HostileCommand);
    });
  }

  #receive(report: HostileReport): void {
    switch (report.kind) {
      case 'done':
      case 'failed': {
        const pending = this.#pending.get(report.id);
        this.#pending.delete(report.id);
        if (report.kind === 'done') pending?.resolve();
        else pending?.reject(new Error(report.message));
        return;
      }
      case 'peer-id':
        this.peerId = report.peerId;
        return;
      case 'log':
        return this.#update(report.update);
    }
  }

  #update({ direction, index, remotePeerId, frames, closed }: LogUpdate): void {
    const logs = direction === 'answered' ? this.answered : this.dialled;
    const log = (logs[index] ??= { remotePeerId, direction, received: [], closed: false });
    log.received.push(...frames);
    log.closed = closed;
  }
}
