// Open connections per client address, with a cap. Pure bookkeeping: the caller
// decides what an address is and when a connection has ended.

export class AddressCounter {
  private readonly open = new Map<string, number>();

  /** `limit` connections per key; 0 means no limit (the counts are still kept). */
  constructor(private readonly limit: number) {}

  /** Counts one more connection for `key`, or returns false (and counts nothing) at the limit. */
  tryAcquire(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (this.limit > 0 && count >= this.limit) return false;
    this.open.set(key, count + 1);
    return true;
  }

  /** Ends one connection counted for `key`; an address with none left is forgotten. */
  release(key: string): void {
    const count = this.open.get(key) ?? 0;
    if (count <= 1) this.open.delete(key);
    else this.open.set(key, count - 1);
  }

  /** Connections open for `key`. */
  countOf(key: string): number {
    return this.open.get(key) ?? 0;
  }

  /** Distinct keys with at least one open connection. */
  get addresses(): number {
    return this.open.size;
  }
}
