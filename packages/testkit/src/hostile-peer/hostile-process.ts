// The hostile peer's own process: runs runHostilePeer and mirrors its
// connection logs to the test process over IPC (see hostile-peer.ts for why).
import { runHostilePeer, type HostilePeer } from './run-hostile-peer.ts';
import type { ConnectionLog } from './wire-link.ts';
import type { HostileCommand, HostileReport, LogUpdate } from './hostile-ipc.ts';

/** How often new frames are sent to the test: often enough for its polls, cheap for floods. */
const FLUSH_MS = 25;

let peer: HostilePeer | null = null;
let reportedPeerId = '';
const reported = new Map<ConnectionLog, { frames: number; closed: boolean }>();

const report = (message: HostileReport) => process.send?.(message);

/** Sends whatever the logs gained since the last flush. */
function flush(): void {
  if (peer === null) return;
  if (peer.peerId !== reportedPeerId) {
    reportedPeerId = peer.peerId;
    report({ kind: 'peer-id', peerId: reportedPeerId });
  }
  for (const direction of ['answered', 'dialled'] as const) {
    peer[direction].forEach((log, index) => {
      const seen = reported.get(log) ?? { frames: 0, closed: false };
      if (seen.frames === log.received.length && seen.closed === log.closed && reported.has(log)) {
        return;
      }
      const update: LogUpdate = {
        direction,
        index,
        remotePeerId: log.remotePeerId,
        frames: log.received.slice(seen.frames),
        closed: log.closed,
      };
      reported.set(log, { frames: log.received.length, closed: log.closed });
      report({ kind: 'log', update });
    });
  }
}

async function run(command: HostileCommand): Promise<void> {
  switch (command.cmd) {
    case 'start':
      peer = await runHostilePeer(command.options);
      return;
    case 'rejoin':
      return peer?.rejoin();
    case 'close':
      peer?.close();
      flush();
      // Leave before libwebrtc tears connections down in the background.
      setTimeout(() => process.exit(0), 100);
  }
}

process.on('message', (command: HostileCommand) => {
  run(command).then(
    () => {
      flush();
      report({ kind: 'done', id: command.id });
    },
    (error: unknown) => report({ kind: 'failed', id: command.id, message: String(error) }),
  );
});
setInterval(flush, FLUSH_MS);
