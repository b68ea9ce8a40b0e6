// A downloader's hunt for the manifest: ask one open peer at a time, accept
// only bytes that hash to the share id, ban a peer that sends anything else.
import { GoodbyeCode, type Manifest } from '@shoal/protocol';
import type { Sha256 } from './interfaces.ts';
import { acceptManifest, ManifestAssembly } from './manifest-exchange.ts';
import type { Peer } from './peer.ts';
import type { SessionFrame } from './peer-session.ts';

export interface ManifestFetcherOptions {
  shareId: Uint8Array;
  sha256: Sha256;
  /** Open peers we might ask. */
  peers: () => Iterable<Peer>;
  ban: (peerId: string, code: GoodbyeCode, reason: string) => void;
  /** The verified manifest; the fetcher is done once this is called. */
  accepted: (bytes: Uint8Array, manifest: Manifest) => Promise<void>;
}

export class ManifestFetcher {
  readonly #options: ManifestFetcherOptions;
  #asking: { peer: Peer; assembly: ManifestAssembly } | null = null;
  #done = false;

  constructor(options: ManifestFetcherOptions) {
    this.#options = options;
  }

  /** The manifest was accepted (or given at start): nobody needs asking. */
  get done(): boolean {
    return this.#done;
  }

  /** Marks the manifest as known without fetching it (the sharer's case). */
  finish(): void {
    this.#done = true;
    this.#asking = null;
  }

  /** Asks the first open peer, unless a request is already out. */
  ask(): void {
    if (this.#done || this.#asking !== null) return;
    const peer = [...this.#options.peers()].find((p) => p.open);
    if (peer === undefined) return;
    this.#asking = { peer, assembly: new ManifestAssembly() };
    peer.session.send({ type: 'manifest-request' });
  }

  /** A manifest slice arrived; slices from peers we did not ask are ignored. */
  async slice(peer: Peer, frame: Extract<SessionFrame, { type: 'manifest' }>): Promise<void> {
    const asking = this.#asking;
    if (asking === null || asking.peer !== peer) return;
    const result = asking.assembly.add(frame);
    if (result === 'more') return;
    const { shareId, sha256 } = this.#options;
    const manifest =
      result === 'invalid' ? undefined : await acceptManifest(result, shareId, sha256);
    if (this.#asking !== asking) return; // the peer left, or we were destroyed
    if (manifest === undefined || result === 'invalid') {
      this.#asking = null;
      this.#options.ban(peer.id, GoodbyeCode.BadManifest, 'manifest does not hash to the share id');
      this.ask();
      return;
    }
    this.finish();
    await this.#options.accepted(result, manifest);
  }

  /** The peer we asked left: ask another. */
  peerLeft(peer: Peer): void {
    if (this.#asking?.peer !== peer) return;
    this.#asking = null;
    this.ask();
  }

  stop(): void {
    this.finish();
  }
}
