// What the service worker and the page that runs a share's swarm say to each
// other while a player reads a file that is still arriving, over one
// BroadcastChannel. Both sides are this origin's code, but a message is still
// checked before use: another tab of another version may be on the channel.

export const STREAM_CHANNEL = 'shoal-stream';

export type StreamMessage =
  /** Service worker → page: a reader waits for file `fileIndex` from byte `offset`. */
  | { type: 'need'; shareKey: string; fileIndex: number; offset: number }
  /** Page → service worker: piece `index` of the share is verified and stored. */
  | { type: 'stored'; shareKey: string; index: number };

const SHARE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The message, if `value` is a well-formed one; else null. */
export function readStreamMessage(value: unknown): StreamMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (typeof m.shareKey !== 'string' || !SHARE_KEY.test(m.shareKey)) return null;
  if (m.type === 'need' && isCount(m.fileIndex) && isCount(m.offset)) {
    return { type: 'need', shareKey: m.shareKey, fileIndex: m.fileIndex, offset: m.offset };
  }
  if (m.type === 'stored' && isCount(m.index)) {
    return { type: 'stored', shareKey: m.shareKey, index: m.index };
  }
  return null;
}
