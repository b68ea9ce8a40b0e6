// A small world for tests and benchmarks: one simulated clock, sharers and
// downloaders as Swarms, and in-memory links between them.
import { concatBytes } from '../bytes.ts';
import type { FileSource, Sha256 } from '../interfaces.ts';
import { buildManifest, type BuiltShare } from '../manifest-builder.ts';
import { Swarm, type SwarmOptions } from '../swarm.ts';
import type { DownloaderSwarmOptions } from '../swarm-types.ts';
import { connectSwarms, type Connected } from './connect.ts';
import type { MemoryFileSource } from './memory-file-source.ts';
import { MemoryPieceStore } from './memory-store.ts';
import type { LinkOptions } from './memory-transport.ts';
import { SimulatedClock } from './simulated-clock.ts';

export interface Node {
  id: string;
  swarm: Swarm;
  store: MemoryPieceStore;
}

/** Options a node adds: a sharer's files (it then stores nothing), or a downloader's own store. */
type ExtraOptions = Partial<
  Omit<DownloaderSwarmOptions, 'shareId' | 'clock' | 'sha256' | 'sources'>
> & {
  sources?: readonly FileSource[];
};

export class Scenario {
  readonly clock = new SimulatedClock();
  readonly sha256: Sha256;
  readonly nodes = new Map<string, Node>();
  share!: BuiltShare;
  sources: MemoryFileSource[] = [];
  #seed = 1;

  constructor(sha256: Sha256) {
    this.sha256 = sha256;
  }

  /** Builds the manifest for `sources`, with fixed salt so runs repeat exactly. */
  async createShare(sources: MemoryFileSource[], pieceSize?: number): Promise<BuiltShare> {
    this.sources = sources;
    this.share = await buildManifest(sources, {
      sha256: this.sha256,
      randomBytes: (n) => new Uint8Array(n).fill(42),
      ...(pieceSize === undefined ? {} : { pieceSize }),
    });
    return this.share;
  }

  /** A started sharer serving this.sources. */
  async sharer(id: string, options: ExtraOptions = {}): Promise<Node> {
    return this.#node(id, {
      manifestBytes: this.share.manifestBytes,
      sources: this.sources,
      ...options,
    });
  }

  /** A started downloader with only the share id (and whatever its store holds). */
  async downloader(id: string, options: ExtraOptions = {}): Promise<Node> {
    return this.#node(id, options);
  }

  connect(a: string, b: string, link: Omit<LinkOptions, 'clock'> = {}): Connected {
    const na = this.nodes.get(a)!;
    const nb = this.nodes.get(b)!;
    return connectSwarms(
      { swarm: na.swarm, id: a },
      { swarm: nb.swarm, id: b },
      { clock: this.clock, ...link },
    );
  }

  /** The downloaded bytes of `id`, concatenated in piece order. */
  async bytesOf(id: string): Promise<Uint8Array> {
    const store = this.nodes.get(id)!.store;
    const count = this.share.manifest.pieceHashes.length;
    const parts: Uint8Array[] = [];
    for (let i = 0; i < count; i++) parts.push((await store.get(i)) ?? new Uint8Array(0));
    return concatBytes(...parts);
  }

  /** The shared files' bytes, concatenated. */
  async expectedBytes(): Promise<Uint8Array> {
    return concatBytes(...(await Promise.all(this.sources.map((s) => s.read(0, s.size)))));
  }

  /** Runs the clock until every listed node is seeding; returns the simulated time. */
  untilSeeding(...ids: string[]): Promise<number> {
    return this.clock.runUntil(() =>
      ids.every((id) => this.nodes.get(id)!.swarm.state === 'seeding'),
    );
  }

  destroyAll(): void {
    for (const node of this.nodes.values()) node.swarm.destroy();
  }

  async #node(id: string, options: ExtraOptions): Promise<Node> {
    const store =
      options.store instanceof MemoryPieceStore ? options.store : new MemoryPieceStore();
    let seed = this.#seed++ * 7919;
    const swarm = new Swarm({
      shareId: this.share.shareId,
      sha256: this.sha256,
      clock: this.clock,
      random: () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 2 ** 32;
      },
      ...options,
      // A sharer's pieces are its files; the node still has a store, which stays empty.
      ...(options.sources ? {} : { store }),
    } as SwarmOptions);
    await swarm.start();
    const node = { id, swarm, store };
    this.nodes.set(id, node);
    return node;
  }
}
