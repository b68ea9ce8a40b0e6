// A save ticket names one file of one share, or files of it as a ZIP, for the
// service worker to stream. The URL carries only the random ticket, never the
// share id: if the service worker is not in control (a hard reload bypasses
// it), the server learns nothing.
import { createStore, del, get, set } from 'idb-keyval';
import { readSaveTicket, type SaveRequest, type SaveTicket } from './save-request.ts';

/** Path prefix the service worker answers; anything after it is a ticket. */
export const SAVE_PATH_PREFIX = '/save/';

/** A ticket older than this is refused, so stale links in history do nothing. */
export const SAVE_TICKET_TTL_MS = 10 * 60 * 1000;

const tickets = createStore('shoal-save-tickets', 'tickets');

export async function createSaveTicket(request: SaveRequest): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const ticket = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  await set(ticket, { ...request, createdAt: Date.now() } satisfies SaveTicket, tickets);
  return ticket;
}

/** Takes a ticket (it works once) if it exists, is well formed and has not expired. */
export async function takeSaveTicket(ticket: string): Promise<SaveTicket | undefined> {
  if (!/^[0-9a-f]{32}$/.test(ticket)) return undefined;
  const stored = await get<unknown>(ticket, tickets);
  if (stored === undefined) return undefined;
  await del(ticket, tickets);
  const value = readSaveTicket(stored);
  return value && Date.now() - value.createdAt <= SAVE_TICKET_TTL_MS ? value : undefined;
}
