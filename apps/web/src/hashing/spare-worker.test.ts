import { describe, expect, it } from 'vitest';
import { SpareWorker, type SpareableWorker } from './spare-worker.ts';

class FakeWorker implements SpareableWorker {
  static spawned: FakeWorker[] = [];
  terminated = false;
  private readonly errorListeners = new Set<() => void>();

  constructor() {
    FakeWorker.spawned.push(this);
  }
  addEventListener(_type: 'error', listener: () => void): void {
    this.errorListeners.add(listener);
  }
  removeEventListener(_type: 'error', listener: () => void): void {
    this.errorListeners.delete(listener);
  }
  terminate(): void {
    this.terminated = true;
  }
  failToStart(): void {
    for (const listener of [...this.errorListeners]) listener();
  }
  get listening(): number {
    return this.errorListeners.size;
  }
}

function spares() {
  FakeWorker.spawned = [];
  return new SpareWorker(() => new FakeWorker());
}

describe('SpareWorker', () => {
  it('hands out the worker it prepared, and starts only one however often it is asked', () => {
    const pool = spares();
    pool.prepare();
    pool.prepare();
    expect(FakeWorker.spawned).toHaveLength(1);
    expect(pool.take()).toBe(FakeWorker.spawned[0]);
  });

  it('starts a fresh worker when nothing was prepared or the spare was taken', () => {
    const pool = spares();
    pool.prepare();
    const first = pool.take();
    const second = pool.take();
    expect(second).not.toBe(first);
    expect(FakeWorker.spawned).toEqual([first, second]);
  });

  it('drops a spare that failed to start instead of handing out a dead worker', () => {
    const pool = spares();
    pool.prepare();
    const dead = FakeWorker.spawned[0]!;
    dead.failToStart();
    expect(dead.terminated).toBe(true);
    const taken = pool.take();
    expect(taken).not.toBe(dead);
    expect(taken.terminated).toBe(false);
  });

  it('leaves a taken worker’s errors to its new owner', () => {
    const pool = spares();
    pool.prepare();
    const taken = pool.take();
    expect(taken.listening).toBe(0);
    taken.failToStart();
    expect(taken.terminated).toBe(false);
  });
});
