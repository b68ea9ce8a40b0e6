import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { Harness, disconnected, nextEvent, randomRoomId } from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

describe('structured logs', () => {
  it('writes one JSON object per line and drops lines below the level', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'warn',
      (line) => lines.push(line),
      () => new Date(0),
    );
    logger.info('quiet');
    logger.warn('loud', { code: 'x' });
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"warn","event":"loud","code":"x"}',
    ]);
  });

  it('never lets a field overwrite the event name, level or time', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      (line) => lines.push(line),
      () => new Date(0),
    );
    logger.info('refusal', { event: 'signal', level: 'debug', time: 'then' });
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      event: 'refusal',
    });
  });

  it('writes nothing at all when silent', () => {
    const lines: string[] = [];
    const logger = createLogger('silent', (line) => lines.push(line));
    logger.error('boom');
    expect(lines).toEqual([]);
  });

  it('logs connects, joins, refusals, leaves and disconnects but never signal payloads', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', (line) => lines.push(line));
    const server = await harness.server({}, { logger });
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    const marker = 'a=fingerprint:sha-256 SECRET-SDP-MARKER';
    const received = nextEvent(bob.socket, 'signal');
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: bob.config.peerId, data: { sdp: marker } });
    await received;
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: 'nobody', data: { sdp: marker } });
    const left = nextEvent(alice.socket, 'peer-left');
    const gone = disconnected(bob.socket);
    bob.socket.disconnect();
    await Promise.all([left, gone]);

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = entries.map((entry) => entry.event);
    expect(events).toEqual(
      expect.arrayContaining(['connect', 'join', 'signal', 'refusal', 'leave', 'disconnect']),
    );
    expect(entries.find((entry) => entry.event === 'refusal')).toMatchObject({
      event: 'refusal',
      code: 'unknown-peer',
    });
    expect(lines.join('\n')).not.toContain('SECRET-SDP-MARKER');
  });
});
