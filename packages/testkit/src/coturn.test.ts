import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { startCoturn, type RunningCoturn } from './coturn.ts';
import { freePort } from './ports.ts';

describe('startCoturn', () => {
  let turn: RunningCoturn | undefined;
  let holder: Socket | undefined;
  afterEach(async () => {
    await turn?.stop();
    holder?.close();
    turn = holder = undefined;
  });

  it('resolves only once both the UDP and the TCP listener are open', async () => {
    turn = await startCoturn();
    const port = new URL(turn.url.replace(/^turn:/, 'turn://')).port;
    expect(turn.output()).toMatch(
      new RegExp(`UDP listener opened on\\s*:\\s*127\\.0\\.0\\.1:${port}`),
    );
    expect(turn.output()).toMatch(
      new RegExp(`TCP listener opened on\\s*:\\s*127\\.0\\.0\\.1:${port}`),
    );
  });

  it('says at once that its UDP port is taken, instead of serving TCP while UDP retries for a minute', async () => {
    // As a browser's ICE socket does: 0.0.0.0 on a port that is free for TCP.
    const port = await freePort();
    holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder!.bind(port, '0.0.0.0', resolve));
    const started = Date.now();
    await expect(startCoturn({ port })).rejects.toThrow(
      new RegExp(`Cannot bind \\S*UDP listener socket to addr 127\\.0\\.0\\.1:${port}`),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
