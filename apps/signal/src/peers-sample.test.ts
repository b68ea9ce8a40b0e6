import { afterEach, describe, expect, it } from 'vitest';
import type { PeerPresence } from '@shoal/protocol';
import { PEERS_REQUEST_INTERVAL_MS } from './signaling.ts';
import { EventLog, Harness, randomRoomId, roundTrip, serverSocketOf } from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

describe('asking for a fresh sample of a room (peers)', () => {
  it('answers with at most PEER_SAMPLE_SIZE other members, distinct, never the asker', async () => {
    const server = await harness.server({ PEER_SAMPLE_SIZE: '3' });
    const roomId = randomRoomId();
    const members = [];
    for (let i = 0; i < 6; i++) {
      const client = await harness.client(server.url);
      await client.socket.timeout(3000).emitWithAck('join', { roomId });
      members.push(client);
    }
    const asker = members[0]!;
    const answer = await asker.socket.timeout(3000).emitWithAck('peers', { roomId });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.roomId).toBe(roomId);
    expect(answer.value.peers).toHaveLength(3);
    expect(new Set(answer.value.peers).size).toBe(3);
    expect(answer.value.peers).not.toContain(asker.config.peerId);
    const others = members.slice(1).map((m) => m.config.peerId);
    for (const peer of answer.value.peers) expect(others).toContain(peer);
  });

  it('refuses a room the asker is not in, and a malformed request', async () => {
    const server = await harness.server();
    const client = await harness.client(server.url);
    const outside = await client.socket
      .timeout(3000)
      .emitWithAck('peers', { roomId: randomRoomId() });
    expect(outside).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
    const malformed = await client.socket
      .timeout(3000)
      .emitWithAck('peers', { roomId: 'short' } as never);
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid-room-id' } });
  });

  it('gives one connection at most one sample of a room per PEERS_REQUEST_INTERVAL_MS', async () => {
    let now = 1_000_000;
    const server = await harness.server({}, { now: () => now });
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });

    const first = await alice.socket.timeout(3000).emitWithAck('peers', { roomId });
    expect(first).toEqual({ ok: true, value: { roomId, peers: [bob.config.peerId] } });
    now += PEERS_REQUEST_INTERVAL_MS - 1;
    const early = await alice.socket.timeout(3000).emitWithAck('peers', { roomId });
    expect(early).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    // Another connection's sample is its own.
    expect(await bob.socket.timeout(3000).emitWithAck('peers', { roomId })).toMatchObject({
      ok: true,
    });
    now += 1;
    expect(await alice.socket.timeout(3000).emitWithAck('peers', { roomId })).toMatchObject({
      ok: true,
    });
  });
});

describe('joining a room larger than the sample', () => {
  it('answers the joiner with PEER_SAMPLE_SIZE members and announces it to PEER_SAMPLE_SIZE of them', async () => {
    const server = await harness.server({ PEER_SAMPLE_SIZE: '3' });
    const roomId = randomRoomId();
    const members = [];
    for (let i = 0; i < 7; i++) {
      const client = await harness.client(server.url);
      await client.socket.timeout(3000).emitWithAck('join', { roomId });
      members.push(client);
    }
    const heard = members.map((member) => new EventLog<PeerPresence>(member.socket, 'peer-joined'));
    const joiner = await harness.client(server.url);
    const answer = await joiner.socket.timeout(3000).emitWithAck('join', { roomId });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.peers).toHaveLength(3);
    expect(new Set(answer.value.peers).size).toBe(3);
    // The server announces a join in the same turn as it answers it (signaling.ts, admit):
    // a round trip on each member's connection, begun after the answer, comes back after
    // the announcement to that member.
    await Promise.all(members.map((member) => roundTrip(member.socket)));
    const told = heard.filter((log) =>
      log.events.some((event) => event.peerId === joiner.config.peerId),
    );
    expect(told).toHaveLength(3);
  });
});

describe('departures (peer-left)', () => {
  it('are told to the whole room while it is no larger than PEER_SAMPLE_SIZE, and to nobody in a larger one', async () => {
    const server = await harness.server({ PEER_SAMPLE_SIZE: '3' });
    const roomId = randomRoomId();
    const members = [];
    for (let i = 0; i < 6; i++) {
      const client = await harness.client(server.url);
      await client.socket.timeout(3000).emitWithAck('join', { roomId });
      members.push(client);
    }
    // 6 members, one leaves: 5 stay, more than the sample of 3, so nobody is told.
    const heard = members.slice(1).map((m) => new EventLog<PeerPresence>(m.socket, 'peer-left'));
    await members[0]!.socket.timeout(3000).emitWithAck('leave', { roomId });
    // A leave is announced before it is answered: a round trip on each member's
    // connection, begun after the answer, comes back after any announcement.
    await Promise.all(members.slice(1).map((member) => roundTrip(member.socket)));
    expect(heard.map((log) => log.events)).toEqual([[], [], [], [], []]);
    // 4 left once the server has handled this disconnect (the room is left on 'disconnecting').
    const serverSide = serverSocketOf(server, members[1]!.socket);
    const handled = new Promise((resolve) => serverSide.once('disconnect', resolve));
    members[1]!.socket.disconnect();
    await handled;
    // One more departure leaves 3: everyone still there hears of that one, and of no
    // earlier one (an announcement of the previous departure would have come first).
    members[2]!.socket.disconnect();
    const leaver = members[2]!.config.peerId;
    for (const log of heard.slice(2)) {
      expect(await log.until((event) => event.peerId === leaver)).toEqual([]);
    }
  });
});
