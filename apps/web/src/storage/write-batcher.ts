// Groups piece writes that arrive while a transaction is running into the next
// one: IndexedDB pays per transaction (a disk flush each), not per value.

export type WriteMany<K, V> = (entries: [K, V][]) => Promise<void>;

export class WriteBatcher<K, V> {
  #queue: { key: K; value: V; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #flushing = false;

  constructor(private readonly writeMany: WriteMany<K, V>) {}

  /** Resolves once the value is committed, with the others that shared its transaction. */
  write(key: K, value: V): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ key, value, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        await this.writeMany(batch.map(({ key, value }) => [key, value]));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.#flushing = false;
  }
}
