// A downloader's hunt for the manifest: ask one open peer at a time (one that
// sent a bitfield, so has it, if any), accept only bytes that hash to the share
// id, ban a peer that sends anything else, move on from a peer that stays quiet.
import { GoodbyeCode, ManifestAssembler, type Manifest } from '@shoal/protocol';
import type { Clock, Sha256 } from './interfaces.ts';
import { acceptManifest } from './manifest-exchange.ts';
import type { Peer } from './peer.ts';
import type { SessionFrame } from './peer-session.ts';

/**
 * How long one peer has to deliver the whole manifest before we ask another.
 * A peer that is itself still waiting for the manifest may never answer; 10 s
 * is far beyond the few hundred kilobytes a manifest takes on any live link.
 */
export const MANIFEST_TIMEOUT_MS = 10_000;

export interface ManifestFetcherOptions {
  shareId: Uint8Array;
  sha256: Sha256;
  clock: Clock;
  /** Peers we might ask. */
  peers: () => Iterable<Peer>;
  ban: (peerId: string, code: GoodbyeCode, reason: string) => void;
  /** The verified manifest; the fetcher is done once this is called. */
  accepted: (bytes: Uint8Array, manifest: Manifest) => Promise<void>;
}

export class ManifestFetcher {
  readonly #options: ManifestFetcherOptions;
  #asking: { peer: Peer; assembler: ManifestAssembler } | null = null;
  /** Peers that timed out; asked again only when nobody else is left. */
  readonly #tried = new Set<Peer>();
  #timer: unknown = undefined;
  #done = false;

  constructor(options: ManifestFetcherOptions) {
    this.#options = options;
  }

  /** The manifest was accepted (or given at start): nobody needs asking. */
  get done(): boolean {
    return this.#done;
  }

  /** Marks the manifest as known and stops asking. */
  finish(): void {
    this.#done = true;
    this.#asking = null;
    this.#options.clock.clearTimeout(this.#timer);
  }

  /**
   * Asks the best open peer unless a request is already out to a peer that
   * has the manifest. Called when peers open and when a bitfield arrives.
   */
  ask(): void {
    if (this.#done) return;
    const current = this.#asking;
    if (current !== null && current.peer.sentBitfieldEarly) return;
    const open = [...this.#options.peers()].filter((p) => p.open && !this.#tried.has(p));
    const peer = open.find((p) => p.sentBitfieldEarly) ?? (current === null ? open[0] : undefined);
    if (peer === undefined || peer === current?.peer) return;
    this.#asking = { peer, assembler: new ManifestAssembler() };
    peer.session.send({ type: 'manifest-request' });
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = this.#options.clock.setTimeout(() => this.#timedOut(peer), MANIFEST_TIMEOUT_MS);
  }

  /** A manifest slice arrived; slices from peers we are not asking are ignored. */
  async slice(peer: Peer, frame: Extract<SessionFrame, { type: 'manifest' }>): Promise<void> {
    const asking = this.#asking;
    if (asking === null || asking.peer !== peer) return;
    // Grows with the slices that arrive, never with the total a peer announces.
    const result = asking.assembler.accept(frame);
    if (result.ok && result.value === undefined) return;
    const bytes = result.ok ? result.value : undefined;
    const { shareId, sha256 } = this.#options;
    const manifest = bytes === undefined ? undefined : await acceptManifest(bytes, shareId, sha256);
    if (this.#asking !== asking) return; // the peer left, or we were destroyed
    if (bytes === undefined || manifest === undefined) {
      this.#asking = null;
      const why = result.ok ? 'manifest does not hash to the share id' : result.error.message;
      this.#options.ban(peer.id, GoodbyeCode.BadManifest, why);
      this.ask();
      return;
    }
    this.finish();
    await this.#options.accepted(bytes, manifest);
  }

  /** A peer left: if we were asking it, ask another. */
  peerLeft(peer: Peer): void {
    this.#tried.delete(peer);
    if (this.#asking?.peer !== peer) return;
    this.#asking = null;
    this.ask();
  }

  #timedOut(peer: Peer): void {
    this.#timer = undefined;
    if (this.#done || this.#asking?.peer !== peer) return;
    this.#asking = null;
    this.#tried.add(peer);
    const untried = [...this.#options.peers()].some((p) => p.open && !this.#tried.has(p));
    if (!untried) this.#tried.clear();
    this.ask();
  }
}
