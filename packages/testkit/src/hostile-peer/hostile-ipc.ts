// What the test process and a hostile peer's process say to each other.
import type { HostileRunOptions } from './run-hostile-peer.ts';
import type { ConnectionLog, ReceivedFrame } from './wire-link.ts';

export type HostileRequest =
  { cmd: 'start'; options: HostileRunOptions } | { cmd: 'rejoin' } | { cmd: 'close' };

/** A request, numbered so that its 'done' or 'failed' report can name it. */
export type HostileCommand = HostileRequest & { id: number };

/** New frames (and the closed flag) of one connection log. */
export interface LogUpdate {
  direction: ConnectionLog['direction'];
  index: number;
  remotePeerId: string;
  frames: ReceivedFrame[];
  closed: boolean;
}

export type HostileReport =
  | { kind: 'done'; id: number }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'peer-id'; peerId: string }
  | { kind: 'log'; update: LogUpdate };
