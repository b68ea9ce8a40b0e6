// Decodes what a browser sends on one TCP connection to the server: an HTTP
// request head (and body), then, after an upgrade, WebSocket frames. Browsers
// mask every frame they send (RFC 6455 §5.3), so raw bytes hide the payloads;
// this unmasks them so a test can read exactly what the server received.

/** Text of every HTTP request head and WebSocket payload in `bytes`, in order. */
export function decodeClientStream(bytes: Uint8Array): string[] {
  const text = new TextDecoder('utf-8', { fatal: false });
  const out: string[] = [];
  let at = 0;
  // HTTP requests until one asks for a WebSocket upgrade.
  for (;;) {
    const end = indexOf(bytes, '\r\n\r\n', at);
    if (end === -1) {
      if (at < bytes.length) out.push(text.decode(bytes.subarray(at)));
      return out;
    }
    const head = text.decode(bytes.subarray(at, end));
    out.push(head);
    at = end + 4;
    const length = /^content-length:\s*(\d+)/im.exec(head);
    if (length) {
      out.push(text.decode(bytes.subarray(at, at + Number(length[1]))));
      at += Number(length[1]);
    }
    if (/^upgrade:\s*websocket/im.test(head)) break;
  }
  // WebSocket frames.
  while (at + 2 <= bytes.length) {
    const second = bytes[at + 1]!;
    let length = second & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      length = (bytes[offset]! << 8) | bytes[offset + 1]!;
      offset += 2;
    } else if (length === 127) {
      length = Number(new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getBigUint64(0));
      offset += 8;
    }
    const masked = (second & 0x80) !== 0;
    const mask = masked ? bytes.subarray(offset, offset + 4) : undefined;
    if (masked) offset += 4;
    if (offset + length > bytes.length) break;
    const payload = bytes.slice(offset, offset + length);
    if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
    out.push(text.decode(payload));
    at = offset + length;
  }
  return out;
}

function indexOf(bytes: Uint8Array, needle: string, from: number): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = from; i <= bytes.length - needle.length; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < needle.length; j++)
      if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}
