// Counts and keeps every RTCPeerConnection a page creates, so a test can see
// connections the app opened, and closed, that its UI never shows.

/** Where the tracker keeps the page's connections. */
export const TRACKED_CONNECTIONS = '__shoalPeerConnections';

/**
 * Source of a script to run before the page's own (Playwright's addInitScript,
 * puppeteer's evaluateOnNewDocument): it replaces RTCPeerConnection with a
 * subclass that records each instance.
 */
export const TRACK_PEER_CONNECTIONS = `(() => {
  const Native = globalThis.RTCPeerConnection;
  if (!Native || globalThis.${TRACKED_CONNECTIONS}) return;
  const all = (globalThis.${TRACKED_CONNECTIONS} = []);
  globalThis.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      all.push(this);
    }
  };
})();`;

/** What a test reads of one tracked connection. */
export interface TrackedConnection {
  /** 'closed' once the app closed it. */
  signalingState: string;
  connectionState: string;
  /** The remote SDP it applied, if any. */
  remoteSdp: string | null;
}

/** Source of an expression that reads every tracked connection as TrackedConnection[]. */
export const READ_TRACKED_CONNECTIONS = `(globalThis.${TRACKED_CONNECTIONS} ?? []).map((pc) => {
  // Firefox throws on reading a closed connection's descriptions.
  let remoteSdp = null;
  try {
    remoteSdp = pc.remoteDescription ? pc.remoteDescription.sdp : null;
  } catch {}
  return { signalingState: pc.signalingState, connectionState: pc.connectionState, remoteSdp };
})`;
