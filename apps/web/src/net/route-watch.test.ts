import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionRoute, StatsEntry } from './connection-route.ts';
import { ROUTE_POLL_INTERVAL_MS, watchRoute } from './route-watch.ts';
import { BEFORE_ICE, CHROMIUM_DIRECT, CHROMIUM_RELAY, statsReport } from './stats-fixtures.ts';

/** A connection whose stats are what the test last set, counting the reads. */
function fakeConnection(entries: readonly StatsEntry[]) {
  const connection = {
    entries,
    reads: 0,
    fail: false,
    getStats: async () => {
      connection.reads += 1;
      if (connection.fail) throw new Error('InvalidStateError');
      return statsReport(connection.entries);
    },
  };
  return connection;
}

describe('watchRoute', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports the route at once, then again only when a later read finds another', async () => {
    const connection = fakeConnection(CHROMIUM_DIRECT);
    const routes: ConnectionRoute[] = [];
    watchRoute(connection, (route) => routes.push(route), new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(routes).toEqual(['direct']);
    await vi.advanceTimersByTimeAsync(2 * ROUTE_POLL_INTERVAL_MS);
    expect(routes).toEqual(['direct']);
    connection.entries = CHROMIUM_RELAY;
    await vi.advanceTimersByTimeAsync(ROUTE_POLL_INTERVAL_MS);
    expect(routes).toEqual(['direct', 'relay']);
    expect(connection.reads).toBe(4);
  });

  it('says nothing while no pair is selected, and reports the route once one is', async () => {
    const connection = fakeConnection(BEFORE_ICE);
    const routes: ConnectionRoute[] = [];
    watchRoute(connection, (route) => routes.push(route), new AbortController().signal);
    await vi.advanceTimersByTimeAsync(ROUTE_POLL_INTERVAL_MS);
    expect(routes).toEqual([]);
    connection.entries = CHROMIUM_RELAY;
    await vi.advanceTimersByTimeAsync(ROUTE_POLL_INTERVAL_MS);
    expect(routes).toEqual(['relay']);
  });

  it('skips a failed read and keeps watching', async () => {
    const connection = fakeConnection(CHROMIUM_DIRECT);
    connection.fail = true;
    const routes: ConnectionRoute[] = [];
    watchRoute(connection, (route) => routes.push(route), new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    connection.fail = false;
    await vi.advanceTimersByTimeAsync(ROUTE_POLL_INTERVAL_MS);
    expect(routes).toEqual(['direct']);
  });

  it('stops reading and leaves no timer once the signal aborts', async () => {
    const connection = fakeConnection(CHROMIUM_DIRECT);
    const watch = new AbortController();
    const routes: ConnectionRoute[] = [];
    watchRoute(connection, (route) => routes.push(route), watch.signal);
    await vi.advanceTimersByTimeAsync(ROUTE_POLL_INTERVAL_MS);
    watch.abort();
    expect(vi.getTimerCount()).toBe(0);
    connection.entries = CHROMIUM_RELAY;
    await vi.advanceTimersByTimeAsync(3 * ROUTE_POLL_INTERVAL_MS);
    expect(connection.reads).toBe(2);
    expect(routes).toEqual(['direct']);
  });

  it('reports nothing from a read that was in flight when the signal aborted', async () => {
    const connection = fakeConnection(CHROMIUM_RELAY);
    const watch = new AbortController();
    const routes: ConnectionRoute[] = [];
    watchRoute(connection, (route) => routes.push(route), watch.signal);
    watch.abort();
    await vi.advanceTimersByTimeAsync(ROUTE_POLL_INTERVAL_MS);
    expect(routes).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
