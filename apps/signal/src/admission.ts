// Whether a WebSocket handshake may become a connection (socket.io's allowRequest):
// the page's origin must be allowed, and the client's address must have fewer than
// MAX_CONNECTIONS_PER_ADDRESS connections open to this process.
import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import { AddressCounter } from './address-counter.ts';
import { addressKey, addressOfRequest } from './client-address.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { originAllowed, type OriginPolicy } from './origin-policy.ts';

/** What a refused client is told (the body of the handshake's 400 answer). */
export const FORBIDDEN_ORIGIN_MESSAGE = 'origin not allowed';
export const addressLimitMessage = (limit: number) =>
  `too many connections from this address (at most ${limit})`;
/** Longest Origin (chosen by the client) written to a log line. */
const MAX_LOGGED_ORIGIN = 100;

export type AllowRequest = (
  req: IncomingMessage,
  callback: (error: string | null | undefined, success: boolean) => void,
) => void;

export interface AdmissionDeps {
  config: Config;
  metrics: Metrics;
  logger: Logger;
  trustedProxies: BlockList | undefined;
}

export class Admission {
  private readonly open: AddressCounter;
  private readonly policy: OriginPolicy;

  constructor(private readonly deps: AdmissionDeps) {
    this.open = new AddressCounter(deps.config.maxConnectionsPerAddress);
    this.policy = {
      publicOrigin: deps.config.publicUrl?.origin,
      allowed: deps.config.allowedOrigins,
    };
  }

  /** Distinct client addresses with a connection open. */
  get addresses(): number {
    return this.open.addresses;
  }

  readonly allowRequest: AllowRequest = (req, callback) => {
    const { config, metrics, logger, trustedProxies } = this.deps;
    const { origin, host, upgrade } = req.headers;
    const websocket = upgrade?.toLowerCase() === 'websocket';
    if (!originAllowed({ origin, host, websocket }, this.policy)) {
      metrics.forbiddenOriginsTotal++;
      logger.info('refused-connection', {
        reason: 'origin',
        origin: origin?.slice(0, MAX_LOGGED_ORIGIN),
      });
      return callback(FORBIDDEN_ORIGIN_MESSAGE, false);
    }
    const address = addressOfRequest(req, trustedProxies);
    // A socket already destroyed will not emit 'close' again: the client has gone.
    if (address === undefined || req.socket.destroyed) return callback('connection closed', false);
    const key = addressKey(address);
    if (!this.open.tryAcquire(key)) {
      metrics.addressLimitRefusalsTotal++;
      logger.info('refused-connection', {
        reason: 'address-limit',
        limit: config.maxConnectionsPerAddress,
      });
      return callback(addressLimitMessage(config.maxConnectionsPerAddress), false);
    }
    // The server offers WebSocket only, so one connection is one TCP socket, and its
    // 'close' covers every way the connection can end: the client leaving, the server
    // cutting it off, or a handshake that fails after this point.
    req.socket.once('close', () => this.open.release(key));
    callback(null, true);
  };
}
