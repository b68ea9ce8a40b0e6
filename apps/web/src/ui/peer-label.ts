/** The short, stable part of a signaling peer id a label shows: "3fa9c1". */
export function peerShortId(peerId: string): string {
  return peerId.slice(0, 6);
}

/** A colour per peer, so the piece map can show who is sending what. */
export function peerColor(peerId: string): string {
  let hash = 0;
  for (let i = 0; i < peerId.length; i++) hash = (hash * 31 + peerId.charCodeAt(i)) >>> 0;
  return `hsl(${hash % 360} 70% 50%)`;
}
