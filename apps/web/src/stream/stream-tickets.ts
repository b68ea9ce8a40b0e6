// A stream ticket names one file of one share for the service worker to play
// from IndexedDB. Unlike a save ticket it is used many times (a player asks for
// range after range) until the viewer closes it; like one, the URL carries only
// a random ticket, never the share id, so a server that sees it learns nothing.
import { createStore, del, get, set } from 'idb-keyval';

export interface StreamTicket {
  shareKey: string;
  fileIndex: number;
  createdAt: number;
}

/** Path prefix the service worker answers; anything after it is a ticket. */
export const STREAM_PATH_PREFIX = '/stream/';

/** A ticket left behind by a tab that closed without ending it stops working after this. */
export const STREAM_TICKET_TTL_MS = 12 * 60 * 60 * 1000;

const TICKET = /^[0-9a-f]{32}$/;

const tickets = createStore('shoal-stream-tickets', 'tickets');

export async function createStreamTicket(shareKey: string, fileIndex: number): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const ticket = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const value: StreamTicket = { shareKey, fileIndex, createdAt: Date.now() };
  await set(ticket, value, tickets);
  return ticket;
}

/** The ticket's file, if the ticket exists and has not expired. */
export async function readStreamTicket(ticket: string): Promise<StreamTicket | undefined> {
  if (!TICKET.test(ticket)) return undefined;
  const value = await get<StreamTicket>(ticket, tickets);
  if (!value || Date.now() - value.createdAt > STREAM_TICKET_TTL_MS) return undefined;
  return value;
}

export async function endStreamTicket(ticket: string): Promise<void> {
  if (TICKET.test(ticket)) await del(ticket, tickets);
}
