// A malicious Shoal peer in Node: joins a room through the real signaling server,
// answers browsers that dial it over real WebRTC, and misbehaves on the wire.
// It runs in a process of its own (see hostile-peer.ts), never in a test's.
import { parseLink, roomIdOf } from '@shoal/core';
import type { SignalData } from '@shoal/protocol';
import { misbehave, NEEDS_MANIFEST, type HostileBehaviour } from './behaviours.ts';
import { createNodePeer, isCandidateOn, type NodePeer } from './node-webrtc.ts';
import { fetchManifest, type FetchedManifest } from './proof.ts';
import { joinRoom, type RoomClient } from './room-client.ts';
import { WireLink, type ConnectionLog } from './wire-link.ts';

/** Behaviours that play the signaling operator, who knows the room id but never the share id. */
const KNOWS_ONLY_ROOM: ReadonlySet<HostileBehaviour> = new Set(['no-proof', 'echo-hello']);

/** How long a dial (the honest manifest fetch) may take to open a data channel. */
const DIAL_TIMEOUT_MS = 15_000;

export interface HostilePeerOptions {
  /** The signaling server, e.g. http://127.0.0.1:8099. */
  serverUrl: string;
  /** The share link. 'no-proof' uses only the room id derived from it, never the share id. */
  link: string;
  behaviour: HostileBehaviour;
}

/** How the peer's own process runs it: inside a namespace of its own, at `address`. */
export interface HostileRunOptions extends HostilePeerOptions {
  /** The namespace's address: the only one the peer offers ICE candidates on. */
  address: string;
}

export interface HostilePeer {
  readonly behaviour: HostileBehaviour;
  /** Our signaling peer id now (rejoin() gets a new one). */
  readonly peerId: string;
  /** Every connection browsers dialled to us, in order, with what they sent. */
  readonly answered: readonly ConnectionLog[];
  /** Every connection we dialled after rejoin(), in order, with what they sent. */
  readonly dialled: readonly ConnectionLog[];
  /** Connections `remotePeerId` dialled to us. */
  connectionsFrom(remotePeerId: string): ConnectionLog[];
  /**
   * Leaves signaling and joins the room again under a new peer id, as a peer
   * that was banned by its id would, then dials every peer in the room and
   * misbehaves on each connection that opens.
   */
  rejoin(): Promise<void>;
  /** Leaves the room and closes every connection. */
  close(): void;
}

/**
 * Joins the room of `link` and plays `behaviour` on every connection dialled to
 * it. Behaviours that need the real manifest first fetch it honestly from a
 * peer already in the room (the sharer), so resolve only once they have it.
 */
export async function runHostilePeer(options: HostileRunOptions): Promise<HostilePeer> {
  const shareId = parseLink(options.link);
  const roomId = await roomIdOf(shareId);
  let room = await joinRoom(options.serverUrl, roomId);
  const peers = new Map<string, NodePeer>();
  const answered: ConnectionLog[] = [];
  const dialled: ConnectionLog[] = [];
  const links: WireLink[] = [];
  const dial = (remote: string, initiator: boolean) => {
    const peer = createNodePeer(initiator);
    const via = room;
    peers.set(remote, peer);
    peer.on('signal', (data) => {
      if (data.type === 'candidate' && !isCandidateOn(data, options.address)) return;
      via.signal(remote, data as SignalData);
    });
    peer.on('error', () => peer.destroy());
    peer.on('close', () => {
      if (peers.get(remote) === peer) peers.delete(remote);
    });
    return peer;
  };
  let real: FetchedManifest | null = null;
  const context = () => ({
    shareId: KNOWS_ONLY_ROOM.has(options.behaviour) ? null : shareId,
    real,
  });
  /** Records a connection and plays the behaviour on it once it opens. */
  const play = (peer: NodePeer, remote: string, direction: ConnectionLog['direction']) => {
    const log: ConnectionLog = { remotePeerId: remote, direction, received: [], closed: false };
    (direction === 'answered' ? answered : dialled).push(log);
    // Closed before it ever connected counts too: the browser gave up on us.
    peer.on('close', () => (log.closed = true));
    peer.on('connect', () => {
      const link = new WireLink(peer, log);
      links.push(link);
      void misbehave(link, options.behaviour, context()).catch(() => link.close());
    });
  };
  const listen = (client: RoomClient) =>
    client.onSignal(({ from, data }) => {
      let peer = peers.get(from);
      if (peer === undefined) {
        if (data.type !== 'offer') return;
        peer = dial(from, false);
        play(peer, from, 'answered');
      }
      peer.signal(data);
    });
  listen(room);
  const closeAll = () => {
    for (const link of links) link.close();
    for (const peer of peers.values()) peer.destroy();
    peers.clear();
  };
  const hostile: HostilePeer = {
    behaviour: options.behaviour,
    get peerId() {
      return room.peerId;
    },
    answered,
    dialled,
    connectionsFrom: (remote) => answered.filter((c) => c.remotePeerId === remote),
    async rejoin() {
      room.close();
      closeAll();
      room = await joinRoom(options.serverUrl, roomId);
      listen(room);
      for (const remote of room.peersAtJoin) play(dial(remote, true), remote, 'dialled');
    },
    close() {
      room.close();
      closeAll();
    },
  };
  try {
    if (NEEDS_MANIFEST.has(options.behaviour)) {
      real = await fetchFromRoom(room, shareId, dial);
    }
  } catch (error) {
    hostile.close();
    throw error;
  }
  return hostile;
}

/** Dials the peers that were in the room when we joined until one hands over the real manifest. */
async function fetchFromRoom(
  room: RoomClient,
  shareId: Uint8Array,
  dial: (remote: string, initiator: boolean) => NodePeer,
): Promise<FetchedManifest> {
  for (const remote of room.peersAtJoin) {
    const peer = dial(remote, true);
    try {
      const link = await connected(peer, remote);
      const fetched = await fetchManifest(link, shareId);
      link.close();
      return fetched;
    } catch {
      peer.destroy();
    }
  }
  throw new Error('no peer in the room handed over the manifest');
}

function connected(peer: NodePeer, remote: string): Promise<WireLink> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dial timed out')), DIAL_TIMEOUT_MS);
    peer.on('connect', () => {
      clearTimeout(timer);
      resolve(
        new WireLink(peer, {
          remotePeerId: remote,
          direction: 'dialled',
          received: [],
          closed: false,
        }),
      );
    });
    peer.on('close', () => reject(new Error('closed before connecting')));
  });
}
