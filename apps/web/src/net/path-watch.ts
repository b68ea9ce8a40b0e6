// Notices when an open connection's network path is gone: the address it used
// changed (Wi-Fi to mobile data) or the route died. ICE says 'disconnected'
// when consent checks stop coming back, and may recover by itself (a short
// outage); it says 'failed' only after half a minute or more. Waiting that long
// stalls a transfer, so a path that stays disconnected for PATH_LOST_MS is
// given up, and the connector makes a fresh connection: pieces already stored
// are kept, only the ones in flight are asked for again.

/**
 * How long ICE may stay 'disconnected' before the path counts as lost.
 * Chromium says 'disconnected' ~2.5 s after checks stop being answered, so a
 * path that comes back within a few seconds (a Wi-Fi blip) keeps its
 * connection; one that has not after 5 s more is unlikely to.
 */
export const PATH_LOST_MS = 5_000;

/** The part of an RTCPeerConnection a path watch reads. */
export interface IceStateSource {
  readonly iceConnectionState: RTCIceConnectionState;
  addEventListener(type: 'iceconnectionstatechange', listener: () => void): void;
  removeEventListener(type: 'iceconnectionstatechange', listener: () => void): void;
}

/**
 * Calls `onLost` once when `connection`'s ICE has been 'disconnected' for
 * PATH_LOST_MS, or at once when it 'failed'. Stops, leaving no timer or
 * listener, when `signal` aborts.
 */
export function watchPath(
  connection: IceStateSource,
  onLost: () => void,
  signal: AbortSignal,
  lostAfterMs = PATH_LOST_MS,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    connection.removeEventListener('iceconnectionstatechange', check);
  };
  const lost = () => {
    stop();
    onLost();
  };
  function check(): void {
    const state = connection.iceConnectionState;
    if (state === 'failed') return lost();
    if (state !== 'disconnected') {
      clearTimeout(timer);
      timer = undefined;
    } else timer ??= setTimeout(lost, lostAfterMs);
  }
  if (signal.aborted) return;
  signal.addEventListener('abort', stop, { once: true });
  connection.addEventListener('iceconnectionstatechange', check);
  check();
}
