import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PATH_LOST_MS, watchPath, type IceStateSource } from './path-watch.ts';

class FakeConnection extends EventTarget implements IceStateSource {
  iceConnectionState: RTCIceConnectionState = 'connected';
  listeners = 0;
  override addEventListener(type: 'iceconnectionstatechange', listener: () => void): void {
    this.listeners += 1;
    super.addEventListener(type, listener);
  }
  override removeEventListener(type: 'iceconnectionstatechange', listener: () => void): void {
    this.listeners -= 1;
    super.removeEventListener(type, listener);
  }
  become(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
}

describe('watchPath', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives up a path that stays disconnected for PATH_LOST_MS, once', () => {
    const connection = new FakeConnection();
    const onLost = vi.fn();
    watchPath(connection, onLost, new AbortController().signal);
    connection.become('disconnected');
    vi.advanceTimersByTime(PATH_LOST_MS - 1);
    expect(onLost).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onLost).toHaveBeenCalledTimes(1);
    connection.become('failed');
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(connection.listeners).toBe(0);
  });

  it('keeps a path that comes back before PATH_LOST_MS, and times a later outage afresh', () => {
    const connection = new FakeConnection();
    const onLost = vi.fn();
    watchPath(connection, onLost, new AbortController().signal);
    connection.become('disconnected');
    vi.advanceTimersByTime(PATH_LOST_MS - 1_000);
    connection.become('connected');
    vi.advanceTimersByTime(PATH_LOST_MS);
    expect(onLost).not.toHaveBeenCalled();
    connection.become('disconnected');
    vi.advanceTimersByTime(PATH_LOST_MS - 1);
    expect(onLost).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('gives up at once when ICE fails', () => {
    const connection = new FakeConnection();
    const onLost = vi.fn();
    watchPath(connection, onLost, new AbortController().signal);
    connection.become('failed');
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('leaves no timer or listener once its signal aborts', () => {
    const connection = new FakeConnection();
    const onLost = vi.fn();
    const watch = new AbortController();
    watchPath(connection, onLost, watch.signal);
    connection.become('disconnected');
    watch.abort();
    vi.advanceTimersByTime(10 * PATH_LOST_MS);
    expect(onLost).not.toHaveBeenCalled();
    expect(connection.listeners).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
