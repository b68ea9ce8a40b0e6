/// <reference lib="webworker" />
// The service worker's /stream/<ticket> route: a player's request for a file of
// a stored share, answered from IndexedDB as its pieces arrive.
import { IdbPieceStore } from '../storage/idb-piece-store.ts';
import { getShare } from '../storage/share-registry.ts';
import { PieceArrivals } from './piece-arrivals.ts';
import { STREAM_CHANNEL } from './stream-messages.ts';
import { streamResponse } from './stream-response.ts';
import { readStreamTicket, STREAM_PATH_PREFIX } from './stream-tickets.ts';

/**
 * Who may fetch a stream: players and <img>, not a page. Opened as a page, a
 * file a stranger chose would run in our origin if the browser took it for HTML.
 */
const MEDIA_DESTINATIONS: ReadonlySet<string> = new Set(['video', 'audio', 'image', 'track']);

let arrivals: PieceArrivals | undefined;

/** Whether `url` is this route's. */
export function isStreamPath(url: URL): boolean {
  return url.pathname.startsWith(STREAM_PATH_PREFIX);
}

export async function answerStream(request: Request): Promise<Response> {
  if (!MEDIA_DESTINATIONS.has(request.destination)) {
    return plain(403, 'Shoal plays this file only inside its own page.');
  }
  const ticket = new URL(request.url).pathname.slice(STREAM_PATH_PREFIX.length);
  const taken = await readStreamTicket(ticket);
  if (!taken) return plain(404, 'This player link has expired. Press Play again.');
  const share = await getShare(taken.shareKey);
  if (!share) return plain(404, 'This share is no longer stored in this browser.');
  arrivals ??= new PieceArrivals(new BroadcastChannel(STREAM_CHANNEL), globalThis);
  const pieces = new IdbPieceStore(taken.shareKey);
  const { shareKey, fileIndex } = taken;
  return streamResponse({
    manifest: share.manifest,
    fileIndex,
    range: request.headers.get('range'),
    pieces,
    waitForPiece: (index, offset, signal) =>
      arrivals!.wait({ shareKey, fileIndex, index, offset }, signal),
    // A delete of the share closes the store: the player is told at once.
    gone: pieces.closed,
    // An open connection would hold up a Delete of the share until the browser stops this worker.
    done: () => void pieces.close().catch(() => undefined),
  });
}

function plain(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
