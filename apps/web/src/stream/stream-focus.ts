// Page side of playing a file that is still arriving: when the service worker
// says a reader waits at some byte of a file of this share, the swarm fetches
// the pieces from there first; when a piece is stored, the worker hears of it.
import type { Swarm } from '@shoal/core';
import { readStreamMessage, STREAM_CHANNEL, type StreamMessage } from './stream-messages.ts';

/** Connects one share's swarm to the stream channel; returns the disconnect. */
export function connectStreamChannel(shareKey: string, swarm: Swarm): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(STREAM_CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    const message = readStreamMessage(event.data);
    if (message?.type !== 'need' || message.shareKey !== shareKey) return;
    if (swarm.manifest === null || message.fileIndex >= swarm.manifest.files.length) return;
    swarm.focus(message.fileIndex, message.offset);
  };
  const stopPieces = swarm.on('piece', (index) => {
    const stored: StreamMessage = { type: 'stored', shareKey, index };
    channel.postMessage(stored);
  });
  return () => {
    stopPieces();
    channel.close();
  };
}
