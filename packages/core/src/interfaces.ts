// The engine's only doors to the outside world. The browser fills them in
// (simple-peer, idb-keyval, File.slice, Web Workers); tests use the in-memory ones.

/** Verified pieces of one share, by index. */
export interface PieceStore {
  get(index: number): Promise<Uint8Array | undefined>;
  /**
   * Stores a verified piece. Rejects with a StoreError (code 'quota-exceeded'
   * when storage is full); pieces stored earlier stay valid either way. Must
   * not keep `data` once the promise settles: the caller reuses the buffer.
   */
  put(index: number, data: Uint8Array): Promise<void>;
  has(index: number): Promise<boolean>;
  /** Indices of every stored piece, in any order. */
  list(): Promise<number[]>;
}

export interface TransportEvents {
  /**
   * One whole message from the peer. Messages that arrive before the first
   * 'data' listener is attached are held and delivered to it, not dropped: the
   * far end sends its hello as soon as its swarm has the channel.
   */
  data: [bytes: Uint8Array];
  /** bufferedAmount fell to lowWaterMark or below: the sender may write again. */
  drain: [];
  /** The channel is gone, for good. */
  close: [cause?: Error];
}

/** One peer's ordered, reliable message channel (a WebRTC data channel in the browser). */
export interface Transport {
  /**
   * Queues one message; the caller keeps bufferedAmount under its own high-water
   * mark. Copies `bytes` before returning (as RTCDataChannel.send does), so the
   * caller may reuse the buffer for the next message.
   */
  send(bytes: Uint8Array): void;
  /** Bytes queued but not yet handed to the network. */
  readonly bufferedAmount: number;
  /**
   * 'drain' fires when bufferedAmount falls to this. The uploader moves it as
   * its high-water mark follows the peer's rate (RTCDataChannel's
   * bufferedAmountLowThreshold may be set at any time).
   */
  lowWaterMark: number;
  /**
   * What binds a peer proof to this very connection: in the browser the DTLS
   * fingerprints from both SDPs, so a relaying signaling server cannot replay a proof.
   */
  readonly fingerprints: { local: string; remote: string };
  /**
   * The network address the peer's packets come from (an IP address, no port),
   * when it names this peer: bans outlast its signaling id, which changes on
   * every reconnect. Undefined when unknown, or when it is a TURN relay's
   * address, which everyone that relay serves shares.
   */
  readonly remoteAddress?: string;
  on<K extends keyof TransportEvents>(
    event: K,
    listener: (...args: TransportEvents[K]) => void,
  ): void;
  off<K extends keyof TransportEvents>(
    event: K,
    listener: (...args: TransportEvents[K]) => void,
  ): void;
  close(): void;
}

/** The bytes of one shared file (File.slice in the browser). Never read whole. */
export interface FileSource {
  /** Relative path, '/' separated (webkitRelativePath for folders). */
  readonly path: string;
  readonly size: number;
  readonly mimeType: string;
  /** Bytes [start, end). */
  read(start: number, end: number): Promise<Uint8Array>;
  /**
   * True when read() rejects once the file has changed since it was chosen, as
   * a browser's File does (Chromium and Firefox fail the read with
   * NotReadableError). Pieces are then served as read, without hashing each
   * again first: every downloader verifies them anyway.
   */
  readonly failsWhenChanged?: boolean;
}

/** SHA-256; the browser may run it in a Web Worker. */
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>;

/** Time, injected so that tests run on a simulated clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
