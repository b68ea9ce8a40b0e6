import { err, ok, type Result } from '../result.ts';
import { signalingError, type SignalingError } from './errors.ts';
import { isPlainObject } from './shape.ts';

/** The subset of RTCIceServer that Shoal hands to browsers. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Most ICE servers in one list: browsers slow down gathering with many, and a handful is plenty. */
export const MAX_ICE_SERVERS = 16;

/** Most URLs in one ICE server entry. */
export const MAX_ICE_URLS = 16;

/** Longest URL, username or credential we accept in an ICE server entry. */
export const MAX_ICE_FIELD_LENGTH = 512;

const ICE_URL_PATTERN = /^(stun|stuns|turn|turns):[^\s]+$/;
const ALLOWED_KEYS = new Set(['urls', 'username', 'credential']);

const invalid = (message: string) => err(signalingError('invalid-payload', message));

function decodeUrls(value: unknown, where: string): Result<string | string[], SignalingError> {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0 || list.length > MAX_ICE_URLS) {
    return invalid(`${where}.urls must hold 1 to ${MAX_ICE_URLS} URLs`);
  }
  for (const url of list) {
    if (
      typeof url !== 'string' ||
      url.length > MAX_ICE_FIELD_LENGTH ||
      !ICE_URL_PATTERN.test(url)
    ) {
      return invalid(`${where}.urls must be stun:, stuns:, turn: or turns: URLs`);
    }
  }
  return ok(Array.isArray(value) ? (list as string[]) : (value as string));
}

function decodeIceServer(value: unknown, where: string): Result<IceServer, SignalingError> {
  if (!isPlainObject(value)) return invalid(`${where} must be an object`);
  for (const key of Object.keys(value)) {
    if (!ALLOWED_KEYS.has(key)) {
      return invalid(
        `${where} has unknown field "${key.slice(0, 32)}" (allowed: urls, username, credential)`,
      );
    }
  }
  const urls = decodeUrls(value.urls, where);
  if (!urls.ok) return urls;
  const server: IceServer = { urls: urls.value };
  for (const field of ['username', 'credential'] as const) {
    const text = value[field];
    if (text === undefined) continue;
    if (typeof text !== 'string' || text.length > MAX_ICE_FIELD_LENGTH) {
      return invalid(
        `${where}.${field} must be a string of at most ${MAX_ICE_FIELD_LENGTH} characters`,
      );
    }
    server[field] = text;
  }
  const needsCredentials = (Array.isArray(urls.value) ? urls.value : [urls.value]).some((url) =>
    url.startsWith('turn'),
  );
  if (needsCredentials && (server.username === undefined || server.credential === undefined)) {
    return invalid(`${where} has turn: URLs, which need a username and a credential`);
  }
  return ok(server);
}

/** Accepts an array of RTCIceServer-like objects; refuses unknown fields and non-ICE URLs. */
export function decodeIceServers(value: unknown): Result<IceServer[], SignalingError> {
  if (!Array.isArray(value)) return invalid('ICE servers must be an array');
  if (value.length > MAX_ICE_SERVERS) return invalid(`at most ${MAX_ICE_SERVERS} ICE servers`);
  const servers: IceServer[] = [];
  for (const [index, entry] of (value as unknown[]).entries()) {
    const server = decodeIceServer(entry, `[${index}]`);
    if (!server.ok) return server;
    servers.push(server.value);
  }
  return ok(servers);
}
