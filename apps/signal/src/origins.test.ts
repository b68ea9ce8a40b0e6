import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

/** Opens a WebSocket connection that claims to come from a page at `origin`. */
function connectFrom(url: string, origin: string): Promise<'connected' | string> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin },
  });
  return new Promise((resolve) => {
    socket.once('config', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error.message);
    });
  });
}

describe('allowed origins', () => {
  it('accepts pages served by the server itself and refuses pages from other sites', async () => {
    const server = await harness.server();
    const { host } = new URL(server.url);
    expect(await connectFrom(server.url, `http://${host}`)).toBe('connected');
    expect(await connectFrom(server.url, 'https://evil.example')).not.toBe('connected');
    expect(server.metrics.forbiddenOriginsTotal).toBe(1);
  });

  it('accepts the origins listed in ALLOWED_ORIGINS', async () => {
    const server = await harness.server({ ALLOWED_ORIGINS: 'http://localhost:5173' });
    expect(await connectFrom(server.url, 'http://localhost:5173')).toBe('connected');
    expect(await connectFrom(server.url, 'http://localhost:5174')).not.toBe('connected');
  });
});
