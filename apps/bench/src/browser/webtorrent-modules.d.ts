// bittorrent-tracker ships no types: the part of its server the bench uses.
declare module 'bittorrent-tracker/server' {
  import type { EventEmitter } from 'node:events';
  import type { Server as HttpServer } from 'node:http';

  export interface ServerOptions {
    http?: boolean;
    udp?: boolean;
    ws?: boolean;
    stats?: boolean;
  }

  export default class Server extends EventEmitter {
    constructor(options?: ServerOptions);
    /** The HTTP server the WebSocket tracker is upgraded from (created when ws is on). */
    http: HttpServer | null;
    /** Swarms by hex infohash; complete counts the peers that announced left = 0. */
    torrents: Record<string, { complete: number; incomplete: number } | undefined>;
    listen(port: number, hostname: string, onListening?: () => void): void;
    close(callback?: (error?: Error | null) => void): void;
  }
}
