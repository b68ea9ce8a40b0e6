// Time-limited TURN credentials in the coturn REST-API scheme ("use-auth-secret"):
// username = "<expiry unix seconds>:<id>", credential = base64(HMAC-SHA1(secret, username)).
// coturn recomputes the HMAC with the same shared secret and refuses expired usernames.
// See https://github.com/coturn/coturn/blob/master/README.turnserver (--use-auth-secret).
import { createHmac } from 'node:crypto';
import type { IceServer } from '@shoal/protocol';
import type { Config, TurnConfig } from './config.ts';

export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/** A TURN entry valid for `ttlSeconds` from `nowMs`, for the peer `id`. */
export function turnServerFor(
  turn: TurnConfig,
  id: string,
  nowMs: number,
): { server: IceServer; expiresAt: number } {
  const expiresAt = Math.floor(nowMs / 1000) + turn.ttlSeconds;
  const username = `${expiresAt}:${id}`;
  return {
    server: { urls: [...turn.urls], username, credential: turnCredential(turn.secret, username) },
    expiresAt,
  };
}

/**
 * The ICE servers one client gets: the embedded STUN server first (when given),
 * then the static list, then fresh TURN credentials if configured.
 */
export function iceServersFor(
  config: Pick<Config, 'iceServers' | 'turn'>,
  id: string,
  nowMs: number,
  embeddedStun?: IceServer,
): { iceServers: IceServer[]; expiresAt: number | null } {
  const listed = embeddedStun ? [embeddedStun, ...config.iceServers] : config.iceServers;
  if (!config.turn) return { iceServers: listed, expiresAt: null };
  const { server, expiresAt } = turnServerFor(config.turn, id, nowMs);
  return { iceServers: [...listed, server], expiresAt };
}
