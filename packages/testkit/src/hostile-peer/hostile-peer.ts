// A malicious Shoal peer in Node: joins a room through the real signaling server,
// answers browsers that dial it over real WebRTC, and misbehaves on the wire.
import { parseLink, roomIdOf } from '@shoal/core';
import type { SignalData } from '@shoal/protocol';
import { misbehave, NEEDS_MANIFEST, type HostileBehaviour } from './behaviours.ts';
import { createNodePeer, isLoopbackCandidate, type NodePeer } from './node-webrtc.ts';
import { fetchManifest, type FetchedManifest } from './proof.ts';
import { joinRoom, type RoomClient } from './room-client.ts';
import { WireLink, type ConnectionLog } from './wire-link.ts';

/** How long a dial (the honest manifest fetch) may take to open a data channel. */
const DIAL_TIMEOUT_MS = 15_000;

export interface HostilePeerOptions {
  /** The signaling server, e.g. http://127.0.0.1:8099. */
  serverUrl: string;
  /** The share link. 'no-proof' uses only the room id derived from it, never the share id. */
  link: string;
  behaviour: HostileBehaviour;
}

export interface HostilePeer {
  readonly behaviour: HostileBehaviour;
  /** Our signaling peer id. */
  readonly peerId: string;
  /** Every connection browsers dialled to us, in order, with what they sent. */
  readonly answered: readonly ConnectionLog[];
  /** Connections `remotePeerId` dialled to us. */
  connectionsFrom(remotePeerId: string): ConnectionLog[];
  /** Leaves the room and closes every connection. */
  close(): void;
}

/**
 * Joins the room of `link` and plays `behaviour` on every connection dialled to
 * it. Behaviours that need the real manifest first fetch it honestly from a
 * peer already in the room (the sharer), so resolve only once they have it.
 */
export async function startHostilePeer(options: HostilePeerOptions): Promise<HostilePeer> {
  const shareId = parseLink(options.link);
  const room = await joinRoom(options.serverUrl, await roomIdOf(shareId));
  const peers = new Map<string, NodePeer>();
  const answered: ConnectionLog[] = [];
  const links: WireLink[] = [];
  const dial = (remote: string, initiator: boolean) => {
    const peer = createNodePeer(initiator);
    peers.set(remote, peer);
    peer.on('signal', (data) => {
      if (data.type === 'candidate' && !isLoopbackCandidate(data)) return;
      room.signal(remote, data as SignalData);
    });
    peer.on('error', () => peer.destroy());
    peer.on('close', () => {
      if (peers.get(remote) === peer) peers.delete(remote);
    });
    return peer;
  };
  let real: FetchedManifest | null = null;
  const context = () => ({
    shareId: options.behaviour === 'no-proof' ? null : shareId,
    real,
  });
  room.onSignal(({ from, data }) => {
    let peer = peers.get(from);
    if (peer === undefined) {
      if (data.type !== 'offer') return;
      peer = dial(from, false);
      const log: ConnectionLog = {
        remotePeerId: from,
        direction: 'answered',
        received: [],
        closed: false,
      };
      answered.push(log);
      const answering = peer;
      answering.on('connect', () => {
        const link = new WireLink(answering, log);
        links.push(link);
        void misbehave(link, options.behaviour, context()).catch(() => link.close());
      });
    }
    peer.signal(data);
  });
  const hostile: HostilePeer = {
    behaviour: options.behaviour,
    peerId: room.peerId,
    answered,
    connectionsFrom: (remote) => answered.filter((c) => c.remotePeerId === remote),
    close() {
      room.close();
      for (const link of links) link.close();
      for (const peer of peers.values()) peer.destroy();
      peers.clear();
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
