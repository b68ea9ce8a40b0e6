// The swarm for one share: accepts peer Transports from the app, authenticates
// them, gets the manifest, downloads with Download, serves with Uploader, and
// reports progress. Sharer and downloader are the same class.
import { GoodbyeCode, splitManifest, type Manifest } from '@shoal/protocol';
import { addressBanKey } from './address-key.ts';
import type { Bitfield } from './bitfield.ts';
import type { Download } from './download.ts';
import { Emitter } from './emitter.ts';
import { isQuotaExceeded, ShoalError, type ShoalErrorCode } from './errors.ts';
import { webCryptoSha256 } from './hashing.ts';
import { authKeyOf } from './ids.ts';
import type { Clock, Sha256, Transport } from './interfaces.ts';
import { acceptManifest } from './manifest-exchange.ts';
import { CHOKE_ROUND_MS, Choker, type ChokeView } from './neighbours/choker.ts';
import type { NeighbourState } from './neighbours/neighbour-policy.ts';
import { SuperSeeder } from './neighbours/super-seeder.ts';
import { ManifestFetcher } from './manifest-fetcher.ts';
import { Peer } from './peer.ts';
import type { SessionClosed, SessionFrame } from './peer-session.ts';
import { ProgressThrottle, type Progress, type SwarmState } from './progress.ts';
import { snapshot } from './progress-snapshot.ts';
import { TokenBucket } from './rate-limiter.ts';
import { RateMeter } from './rate-meter.ts';
import { realClock } from './real-clock.ts';
import { routeFrame } from './frame-router.ts';
import { openShare, type OpenShare } from './share-state.ts';
import {
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_PEERS,
  type AddPeerResult,
  type SwarmEvents,
  type SwarmOptions,
} from './swarm-types.ts';

export * from './swarm-types.ts';

/**
 * Goodbyes we say for misbehaviour, after which we refuse the peer for good.
 * BadPiece and BadManifest ban where they are detected; Normal and
 * VersionMismatch are no one's fault.
 */
const BANNING_CODES: ReadonlySet<GoodbyeCode> = new Set([
  GoodbyeCode.AuthFailed,
  GoodbyeCode.ProtocolError,
  GoodbyeCode.Flooding,
  GoodbyeCode.BadPiece,
  GoodbyeCode.BadManifest,
]);

export class Swarm extends Emitter<SwarmEvents> {
  readonly shareId: Uint8Array;
  readonly #options: SwarmOptions;
  readonly #sha256: Sha256;
  readonly #clock: Clock;
  readonly #peers = new Map<string, Peer>();
  /**
   * Who we refuse, by peer id and by network address (see addressBanKey): a
   * peer id is its signaling socket id, which a reconnect renews for free; its
   * address is what BitTorrent clients ban. Both last as long as the swarm.
   */
  readonly #banned = new Set<string>();
  readonly #bannedAddresses = new Set<string>();
  /** Pieces whose files no longer match the manifest (sharer only). */
  readonly #changedPieces = new Set<number>();
  readonly #limiter: TokenBucket;
  readonly #downMeter: RateMeter;
  readonly #upMeter: RateMeter;
  readonly #throttle: ProgressThrottle;
  #state: SwarmState = 'starting';
  #pausedBy: ShoalErrorCode | null = null;
  #authKey: Uint8Array | null = null;
  /** Set once the manifest is known and the store listed. */
  #share: OpenShare | null = null;
  readonly #fetcher: ManifestFetcher;
  /** Decides whom we upload to; the swarm only carries out its answers (see #applyChokes). */
  readonly #choker: Choker;
  #chokeTimer: unknown = undefined;
  /** When each peer's session opened, for the choker's newcomer weighting. */
  readonly #openedAt = new Map<string, number>();
  /** The sharer's first phase (see SuperSeeder); null for a downloader, or once over. */
  #superSeeder: SuperSeeder | null = null;
  readonly #onAbort = () => this.destroy();

  constructor(options: SwarmOptions) {
    super();
    this.#options = options;
    this.shareId = options.shareId;
    this.#sha256 = options.sha256 ?? webCryptoSha256;
    this.#clock = options.clock ?? realClock;
    this.#limiter = new TokenBucket(this.#clock, options.uploadRateLimit ?? null);
    this.#downMeter = new RateMeter(this.#clock);
    this.#upMeter = new RateMeter(this.#clock);
    // A snapshot costs a walk over every peer and piece: none is built for nobody.
    this.#throttle = new ProgressThrottle(this.#clock, () => {
      if (this.hasListeners('progress')) this.emit('progress', this.progress());
    });
    this.#choker = new Choker({
      random: options.random ?? Math.random,
      ...(options.uploadSlots === undefined ? {} : { slots: options.uploadSlots }),
    });
    this.#fetcher = new ManifestFetcher({
      shareId: this.shareId,
      sha256: this.#sha256,
      clock: this.#clock,
      peers: () => this.#peers.values(),
      ban: (peerId, code, reason) => this.#ban(peerId, code, reason),
      accepted: (bytes, manifest) => this.#useManifest(bytes, manifest),
    });
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get state(): SwarmState {
    return this.#state;
  }

  get manifest(): Manifest | null {
    return this.#share?.manifest ?? null;
  }

  /** The manifest's canonical bytes once known: what the app stores to resume without peers. */
  get manifestBytes(): Uint8Array | null {
    return this.#share?.bytes ?? null;
  }

  /** How many more peers the app should dial: 0 once complete, paused or full. */
  get peersWanted(): number {
    const wanting = this.#state === 'fetching-manifest' || this.#state === 'downloading';
    return wanting
      ? Math.max(0, (this.#options.maxPeers ?? DEFAULT_MAX_PEERS) - this.#peers.size)
      : 0;
  }

  /** Most connections the swarm takes at once, dialled or answered: the app keeps no more in flight. */
  get connectionLimit(): number {
    return this.#options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  }

  /** Peer ids connected now (authenticated or still handshaking). */
  get peerIds(): string[] {
    return [...this.#peers.keys()];
  }

  /**
   * For every open peer whose pieces we know, whether either side has a piece
   * the other lacks: what NeighbourPolicy.toDrop judges. Empty before the manifest.
   */
  neighbourStates(): NeighbourState[] {
    const have = this.#share?.download.picker.have;
    if (have === undefined) return [];
    return [...this.#greetedPeers()].map(({ peer, has }) => ({
      id: peer.id,
      weNeed: has.hasAnyMissingFrom(have),
      theyNeed: have.hasAnyMissingFrom(has),
    }));
  }

  isBanned(peerId: string): boolean {
    return this.#banned.has(peerId);
  }

  /** Derives keys, loads the manifest (sharer) and what the store already holds (resume). */
  async start(): Promise<void> {
    if (this.#options.signal?.aborted) this.destroy();
    if (this.#state !== 'starting') return;
    const authKey = await authKeyOf(this.shareId, this.#sha256);
    // Destroyed while the key was derived: a state set now would bring it back to life.
    if (this.#isDestroyed()) return;
    const bytes = this.#options.manifestBytes;
    if (bytes === undefined) {
      this.#setState('fetching-manifest');
    } else {
      const manifest = await acceptManifest(bytes, this.shareId, this.#sha256);
      if (manifest === undefined) {
        throw new ShoalError('bad-manifest', 'The manifest does not hash to the share id');
      }
      this.#fetcher.finish();
      await this.#useManifest(bytes, manifest);
    }
    if (!this.#isDestroyed()) this.#authKey = authKey;
  }

  /**
   * Hands the swarm a connected Transport to the peer `peerId` (its signaling
   * peer id). A peer banned by that id, or by the transport's remoteAddress, is
   * refused. Closes the transport unless accepted.
   */
  addPeer(transport: Transport, peerId: string): AddPeerResult {
    const result = this.#admission(peerId, transport.remoteAddress);
    if (result !== 'accepted' || this.#authKey === null) {
      transport.close();
      return result;
    }
    const peer = Peer.connect({
      id: peerId,
      transport,
      authKey: this.#authKey,
      sha256: this.#sha256,
      clock: this.#clock,
      limiter: this.#limiter,
      loadPiece: (index) => {
        const share = this.#share;
        if (share === null) return { piece: Promise.resolve(undefined), loadedBytes: 0 };
        const loadedBytes = share.cache.holds(index) ? 0 : share.layout.pieceLength(index);
        return { piece: share.cache.get(index), loadedBytes };
      },
      onSent: (bytes) => {
        this.#upMeter.add(bytes);
        this.#throttle.poke();
      },
    });
    this.#peers.set(peerId, peer);
    peer.session.on('open', () => this.#onOpen(peer));
    peer.session.on('frame', (frame) => this.#onFrame(peer, frame));
    peer.session.on('closed', (closed) => this.#onClosed(peer, closed));
    peer.session.start();
    this.#throttle.poke();
    return 'accepted';
  }

  /** Whether a peer may join now, checked in this order; anything but 'accepted' says why not. */
  #admission(peerId: string, address: string | undefined): AddPeerResult {
    if (this.#state === 'destroyed') return 'destroyed';
    if (this.#authKey === null) return 'not-started';
    if (this.#isRefused(peerId, address)) return 'banned';
    if (this.#peers.has(peerId)) return 'duplicate';
    if (this.#peers.size >= this.connectionLimit) return 'full';
    return 'accepted';
  }

  /** Says goodbye to one peer. */
  removePeer(peerId: string): void {
    this.#peers.get(peerId)?.session.goodbye(GoodbyeCode.Normal, 'disconnecting');
  }

  setUploadRateLimit(bytesPerSecond: number | null): void {
    this.#limiter.setRate(bytesPerSecond);
  }

  /** Stops requesting pieces (serving goes on). */
  pause(): void {
    this.#pause(null);
  }

  /** Resumes after pause() or after the store said it was full. */
  resume(): void {
    if (this.#state !== 'paused') return;
    this.#pausedBy = null;
    const download = this.#share?.download;
    if (download === undefined) return this.#setState('fetching-manifest');
    this.#setState(download.satisfied ? 'seeding' : 'downloading');
    download.resume();
  }

  /**
   * Fetches only the pieces of these files (by manifest index; null for every
   * file). Choosing more after they are in starts downloading again; serving
   * is unchanged. Throws before the manifest is known, or for a file not in it.
   */
  selectFiles(files: readonly number[] | null): void {
    const download = this.#manifestDownload('choose files');
    download.selectFiles(files);
    this.#wantsChanged(download);
  }

  /** The chosen files (ascending), or null while every file is wanted. */
  get selectedFiles(): readonly number[] | null {
    return this.#share?.download.picker.wants.files ?? null;
  }

  /**
   * A reader (a media player) needs file `fileIndex` from byte `offset` on:
   * the pieces just ahead of it come first, in order; the rest stays rarest-first.
   */
  focus(fileIndex: number, offset: number): void {
    const download = this.#manifestDownload('stream a file');
    download.focus(fileIndex, offset);
    this.#wantsChanged(download);
  }

  /** No reader waits: every wanted piece is rarest-first again. */
  unfocus(): void {
    this.#share?.download.unfocus();
  }

  /** The current progress, also sent as 'progress' events at most every PROGRESS_INTERVAL_MS. */
  progress(): Progress {
    return snapshot({
      state: this.#state,
      pausedBy: this.#pausedBy,
      layout: this.#share?.layout ?? null,
      download: this.#share?.download ?? null,
      peers: this.#peers.values(),
      down: this.#downMeter,
      up: this.#upMeter,
    });
  }

  /** Says goodbye to every peer, closes their transports and clears every timer. */
  destroy(): void {
    if (this.#state === 'destroyed') return;
    this.#setState('destroyed');
    this.#share?.download.destroy();
    this.#fetcher.finish();
    for (const peer of [...this.#peers.values()]) {
      peer.session.goodbye(GoodbyeCode.Normal, 'leaving');
    }
    this.#peers.clear();
    this.#clock.clearTimeout(this.#chokeTimer);
    this.#throttle.destroy();
    this.#share?.cache.clear();
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
  }

  async #useManifest(bytes: Uint8Array, manifest: Manifest): Promise<void> {
    const share = await openShare({
      manifest,
      bytes,
      pieces: this.#options.sources
        ? { files: this.#options.sources }
        : { store: this.#options.store },
      sha256: this.#sha256,
      clock: this.#clock,
      random: this.#options.random,
      requestTimeoutMs: this.#options.requestTimeoutMs,
      hooks: {
        peers: () => [...this.#peers.values()].filter((p) => p.open),
        verified: (index) => this.#onVerified(index),
        badPiece: (peerId, index) => this.#ban(peerId, GoodbyeCode.BadPiece, `piece ${index}`),
        storeFailed: (error) => this.#onStoreFailed(error),
        changed: () => this.#throttle.poke(),
      },
      onSourceChanged: (index) => {
        if (this.#changedPieces.has(index)) return; // one report per piece, not one per block
        this.#changedPieces.add(index);
        this.emit('error', new ShoalError('source-changed', `Piece ${index} changed on disk`));
      },
    });
    if (this.#isDestroyed()) return share.download.destroy();
    this.#share = share;
    const { download, layout } = share;
    if (download.complete && this.#options.superSeed !== false) {
      this.#superSeeder = new SuperSeeder(layout.pieceCount);
    }
    this.emit('manifest', manifest);
    // A swarm paused before the manifest came (or by a 'manifest' listener) stays paused.
    if (this.#isPaused()) download.pause();
    else this.#setState(download.satisfied ? 'seeding' : 'downloading');
    if (download.satisfied) download.destroy();
    for (const peer of this.#peers.values()) {
      if (peer.open && peer.settle(layout.pieceCount)) this.#greet(peer);
    }
    if (download.satisfied) this.emit('complete');
    this.#scheduleChokeRound();
    this.#throttle.poke();
  }

  /** What the choker sees: every greeted peer, and whether it lacks a piece we have. */
  #chokeViews(): ChokeView[] {
    const have = this.#share?.download.picker.have;
    if (have === undefined) return [];
    return [...this.#greetedPeers()].map(({ peer }) => ({
      id: peer.id,
      interested: this.#wantsFromUs(peer),
      downRate: peer.down.rate(),
      uploaded: peer.up.total,
      connectedAt: this.#openedAt.get(peer.id) ?? 0,
      keep: this.#superSeeder?.isSendingTo(peer.id) === true,
      lastServedAt: peer.up.lastAt,
      queued: peer.uploader.queued,
    }));
  }

  /** Open peers whose pieces we know: those we have exchanged bitfields with. */
  *#greetedPeers(): Generator<{ peer: Peer; has: Bitfield }> {
    for (const peer of this.#peers.values()) {
      if (peer.open && peer.has !== null) yield { peer, has: peer.has };
    }
  }

  /** The peer lacks a piece we have. */
  #wantsFromUs(peer: Peer): boolean {
    const have = this.#share?.download.picker.have;
    return have !== undefined && peer.has !== null && have.hasAnyMissingFrom(peer.has);
  }

  /** Between rounds (a peer came, left, or we got a piece): fill free upload slots. */
  #settleChokes(): void {
    if (this.#share === null || this.#isDestroyed()) return;
    this.#applyChokes(this.#choker.settle(this.#chokeViews(), this.#clock.now()));
  }

  #scheduleChokeRound(): void {
    this.#clock.clearTimeout(this.#chokeTimer);
    this.#chokeTimer = this.#clock.setTimeout(() => {
      if (this.#isDestroyed()) return;
      const seeding = this.#share?.download.complete === true;
      this.#applyChokes(this.#choker.round(this.#chokeViews(), this.#clock.now(), seeding));
      this.#scheduleChokeRound();
    }, CHOKE_ROUND_MS);
  }

  #applyChokes(unchoked: ReadonlySet<string>): void {
    const seeder = this.#superSeeder;
    for (const { peer } of this.#greetedPeers()) {
      const serving = unchoked.has(peer.id);
      if (serving) peer.uploader.unchoke();
      else peer.uploader.choke();
      // The first phase shows new pieces only to peers we upload to.
      if (seeder?.manages(peer.id) === true) {
        this.#show(peer, seeder.serving(peer.id, serving, ...this.#pieceViews(peer)));
      }
    }
  }

  /** Once both we and the peer know the manifest: our bitfield, and the manifest if it asked. */
  #greet(peer: Peer): void {
    const { download, bytes } = this.#share!;
    const have = download.picker.have;
    const showing = this.#superSeeding(peer);
    peer.session.send({
      type: 'bitfield',
      pieceCount: have.length,
      bits: showing ? new Uint8Array(have.bytes.length) : have.bytes,
    });
    if (showing) {
      this.#show(peer, this.#superSeeder!.add(peer.id, ...this.#pieceViews(peer)));
    }
    if (peer.takeManifestRequest()) peer.uploader.sendFrames(splitManifest(bytes));
    download.peerJoined(peer);
    this.#settleChokes();
  }

  /**
   * Whether to show `peer` our pieces a few at a time: we are the sharer in
   * its first phase, and another peer wants pieces too. A lone downloader is
   * shown everything, so it can pipeline freely.
   */
  #superSeeding(peer: Peer): boolean {
    const seeder = this.#superSeeder;
    if (seeder === null || seeder.over || peer.has?.complete === true) return false;
    for (const { peer: other, has } of this.#greetedPeers()) {
      if (other !== peer && !has.complete) return true;
    }
    return false;
  }

  /** What the super-seeder asks about a peer: does it lack piece i, and how many neighbours have i. */
  #pieceViews(peer: Peer): [(i: number) => boolean, (i: number) => number] {
    const rarity = this.#share!.download.rarity;
    return [(i) => peer.has?.get(i) !== true, (i) => rarity.availability(i)];
  }

  #show(peer: Peer, pieces: number[]): void {
    for (const index of pieces) peer.session.send({ type: 'have', index });
  }

  /** A peer said what it has: show it more, or end the first phase once every piece has a copy. */
  #onPeerPieces(peer: Peer, newPiece: number | null): void {
    const seeder = this.#superSeeder;
    if (seeder === null || this.#share === null) return;
    const rarity = this.#share.download.rarity;
    if (newPiece === null || rarity.availability(newPiece) === 1) {
      const managed = seeder.checkOver((i) => rarity.availability(i));
      if (seeder.over) {
        this.#superSeeder = null;
        for (const id of managed) {
          const other = this.#peers.get(id);
          if (other?.open !== true || other.has === null) continue;
          for (let i = 0; i < other.has.length; i++) {
            if (!other.has.get(i)) other.session.send({ type: 'have', index: i });
          }
        }
        return;
      }
    }
    if (!seeder.manages(peer.id)) return;
    this.#show(peer, seeder.peerHas(peer.id, newPiece ?? -1, ...this.#pieceViews(peer)));
  }

  #onOpen(peer: Peer): void {
    this.#openedAt.set(peer.id, this.#clock.now());
    this.emit('peer-open', peer.id);
    if (this.#share === null) this.#fetcher.ask();
    else if (peer.settle(this.#share.layout.pieceCount)) this.#greet(peer);
    this.#throttle.poke();
  }

  #onFrame(peer: Peer, frame: SessionFrame): void {
    routeFrame(
      {
        share: this.#share,
        fetcher: this.#fetcher,
        downMeter: this.#downMeter,
        onError: (error) => this.emit('error', error),
      },
      peer,
      frame,
    );
    if (frame.type === 'have') {
      this.#onPeerPieces(peer, frame.index);
      // A slot holder that now wants nothing of us frees its slot for another.
      if (this.#choker.holdsSlot(peer.id) && !this.#wantsFromUs(peer)) this.#settleChokes();
    } else if (frame.type === 'bitfield') this.#onPeerPieces(peer, null);
  }

  #onVerified(index: number): void {
    for (const { peer } of this.#greetedPeers()) peer.session.send({ type: 'have', index });
    this.emit('piece', index);
    this.#settleChokes();
    const finished = this.#state === 'downloading' || this.#state === 'paused';
    if (this.#share?.download.satisfied === true && finished) {
      // A piece that was being verified when we paused can finish the download.
      this.#pausedBy = null;
      this.#setState('seeding');
      this.emit('complete');
    }
  }

  #manifestDownload(purpose: string): Download {
    const download = this.#share?.download;
    if (download === undefined) throw new Error(`Cannot ${purpose} before the manifest is known`);
    return download;
  }

  /** The chosen files or the reader's window changed: start or stop downloading to match. */
  #wantsChanged(download: Download): void {
    if (this.#state === 'seeding' && !download.satisfied) {
      this.#setState('downloading');
      download.resume();
    } else if (this.#state === 'downloading' && download.satisfied) {
      download.destroy();
      this.#setState('seeding');
      this.emit('complete');
    }
    this.#throttle.poke();
  }

  #onStoreFailed(error: unknown): void {
    const code = isQuotaExceeded(error) ? 'quota-exceeded' : 'store-failed';
    const already = this.#state === 'paused';
    this.#pause(code);
    if (!already)
      this.emit('error', new ShoalError(code, 'The piece store refused a piece', { cause: error }));
  }

  #pause(code: ShoalErrorCode | null): void {
    if (this.#state === 'destroyed' || this.#state === 'seeding') return;
    this.#pausedBy ??= code;
    this.#share?.download.pause();
    this.#setState('paused');
    this.#throttle.poke();
  }

  #ban(peerId: string, code: GoodbyeCode, reason: string): void {
    const peer = this.#peers.get(peerId);
    this.#refuse(peerId, peer?.session.transport.remoteAddress);
    peer?.session.goodbye(code, reason);
  }

  #refuse(peerId: string, address: string | undefined): void {
    this.#banned.add(peerId);
    const key = address === undefined ? undefined : addressBanKey(address);
    if (key !== undefined) this.#bannedAddresses.add(key);
  }

  #isRefused(peerId: string, address: string | undefined): boolean {
    const key = address === undefined ? undefined : addressBanKey(address);
    return this.#banned.has(peerId) || (key !== undefined && this.#bannedAddresses.has(key));
  }

  #onClosed(peer: Peer, closed: SessionClosed): void {
    if (this.#peers.get(peer.id) !== peer) return;
    // A peer we dropped for what it sent would do it again: refuse it from now on,
    // or the app dials it straight back (a proofless peer, once per handshake).
    if (closed.byUs && closed.code !== null && BANNING_CODES.has(closed.code)) {
      this.#refuse(peer.id, peer.session.transport.remoteAddress);
    }
    this.#peers.delete(peer.id);
    this.#openedAt.delete(peer.id);
    this.#superSeeder?.peerLeft(peer.id);
    peer.uploader.destroy();
    this.#share?.download.peerLeft(peer);
    this.#fetcher.peerLeft(peer);
    this.emit('peer-closed', { peerId: peer.id, ...closed });
    this.#settleChokes();
    this.#throttle.poke();
  }

  /** Read through a method so TypeScript does not keep a narrowing across awaits. */
  #isDestroyed(): boolean {
    return this.#state === 'destroyed';
  }

  #isPaused(): boolean {
    return this.#state === 'paused';
  }

  #setState(state: SwarmState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
