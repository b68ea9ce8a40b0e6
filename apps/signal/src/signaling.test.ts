import { afterEach, describe, expect, it } from 'vitest';
import type { PeerPresence, RelayedSignal } from '@shoal/protocol';
import { EventLog, Harness, nextEvent, randomRoomId } from './test-support.ts';

const harness = new Harness();
afterEach(() => harness.close());

const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
/** The data of a signal sent as a barrier (EventLog), after one that must not arrive. */
const barrier = { type: 'barrier' };
const isBarrier = (event: RelayedSignal) => event.data.type === 'barrier';

describe('joining and leaving rooms', () => {
  it('answers a join with the peers already there and tells them who arrived', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);

    const first = await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    expect(first).toEqual({ ok: true, value: { roomId, peerId: alice.config.peerId, peers: [] } });

    const arrival = nextEvent(alice.socket, 'peer-joined');
    const second = await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    expect(second).toEqual({
      ok: true,
      value: { roomId, peerId: bob.config.peerId, peers: [alice.config.peerId] },
    });
    expect(await arrival).toEqual({ roomId, peerId: bob.config.peerId });
  });

  it('treats a repeated join as a no-op that lists the other peers', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    const again = await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    expect(again).toEqual({
      ok: true,
      value: { roomId, peerId: bob.config.peerId, peers: [alice.config.peerId] },
    });
  });

  it('answers a leave sent while its join is still in flight after the join, and leaves', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    // Sent back to back: the server handles a connection's requests side by side.
    const joined = alice.socket.timeout(3000).emitWithAck('join', { roomId });
    const left = alice.socket.timeout(3000).emitWithAck('leave', { roomId });
    expect(await joined).toMatchObject({ ok: true });
    expect(await left).toEqual({ ok: true, value: { roomId } });
    const bob = await harness.client(server.url);
    const ack = await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    expect(ack.ok && ack.value.peers).toEqual([]);
  });

  it('tells the room when a peer leaves explicitly', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });

    const departure = nextEvent(alice.socket, 'peer-left');
    expect(await bob.socket.timeout(3000).emitWithAck('leave', { roomId })).toEqual({
      ok: true,
      value: { roomId },
    });
    expect(await departure).toEqual({ roomId, peerId: bob.config.peerId });
    const rejoin = await harness.client(server.url);
    const ack = await rejoin.socket.timeout(3000).emitWithAck('join', { roomId });
    expect(ack.ok && ack.value.peers).toEqual([alice.config.peerId]);
  });

  it('tells the room when a peer disconnects', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });

    const departure = nextEvent(alice.socket, 'peer-left');
    bob.socket.disconnect();
    expect(await departure).toEqual({ roomId, peerId: bob.config.peerId });
  });

  it('refuses to leave a room the peer is not in', async () => {
    const server = await harness.server();
    const alice = await harness.client(server.url);
    const ack = await alice.socket.timeout(3000).emitWithAck('leave', { roomId: randomRoomId() });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
  });

  it('keeps rooms apart: joins in one room are not announced in another', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    const carol = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    const heard = new EventLog<PeerPresence>(alice.socket, 'peer-joined');
    const ack = await bob.socket.timeout(3000).emitWithAck('join', { roomId: randomRoomId() });
    expect(ack.ok && ack.value.peers).toEqual([]);
    // Barrier: Carol's join to Alice's room, sent once Bob's was answered. The server
    // announces a join as it answers it, so Alice would have heard of Bob first.
    await carol.socket.timeout(3000).emitWithAck('join', { roomId });
    expect(await heard.until((event) => event.peerId === carol.config.peerId)).toEqual([]);
  });
});

describe('relaying signals', () => {
  it('relays a signal to the named peer with the sender and room', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });

    const received = nextEvent(bob.socket, 'signal');
    const ack = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: bob.config.peerId, data: offer });
    expect(ack).toEqual({ ok: true, value: { roomId, to: bob.config.peerId } });
    expect(await received).toEqual({ roomId, from: alice.config.peerId, data: offer });
  });

  it('relays only to the named peer, not to the rest of the room', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const [alice, bob, carol] = [
      await harness.client(server.url),
      await harness.client(server.url),
      await harness.client(server.url),
    ];
    for (const peer of [alice, bob, carol])
      await peer.socket.timeout(3000).emitWithAck('join', { roomId });
    const carolHeard = new EventLog<RelayedSignal>(carol.socket, 'signal');
    const bobHears = nextEvent(bob.socket, 'signal');
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: bob.config.peerId, data: offer });
    await bobHears;
    // Barrier: Alice's next signal, to Carol, is relayed after anything the first sent her.
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: carol.config.peerId, data: barrier });
    expect(await carolHeard.until(isBarrier)).toEqual([]);
  });

  it('refuses a signal to a connected stranger who shares no room', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const stranger = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    const heard = new EventLog<RelayedSignal>(stranger.socket, 'signal');
    const ack = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: stranger.config.peerId, data: offer });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
    // Barrier: once in the room, the stranger gets Alice's next signal after the refused one.
    await stranger.socket.timeout(3000).emitWithAck('join', { roomId });
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: stranger.config.peerId, data: barrier });
    expect(await heard.until(isBarrier)).toEqual([]);
  });

  it('refuses a signal to a peer who is in another room than the one named', async () => {
    const server = await harness.server();
    const [roomA, roomB] = [randomRoomId(), randomRoomId()];
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId: roomA });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId: roomB });
    const viaOwnRoom = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId: roomA, to: bob.config.peerId, data: offer });
    expect(viaOwnRoom).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
    const viaTheirRoom = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId: roomB, to: bob.config.peerId, data: offer });
    expect(viaTheirRoom).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
  });

  it('refuses a signal to oneself and to a peer id nobody has', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    for (const to of [alice.config.peerId, 'nobody-has-this-id']) {
      const ack = await alice.socket
        .timeout(3000)
        .emitWithAck('signal', { roomId, to, data: offer });
      expect(ack).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
    }
  });

  it('refuses a signal to a peer after that peer left the room', async () => {
    const server = await harness.server();
    const roomId = randomRoomId();
    const alice = await harness.client(server.url);
    const bob = await harness.client(server.url);
    await alice.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('join', { roomId });
    await bob.socket.timeout(3000).emitWithAck('leave', { roomId });
    const ack = await alice.socket
      .timeout(3000)
      .emitWithAck('signal', { roomId, to: bob.config.peerId, data: offer });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
  });
});
