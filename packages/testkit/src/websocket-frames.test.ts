import { describe, expect, it } from 'vitest';
import { decodeClientStream } from './websocket-frames.ts';

function maskedFrame(text: string, mask = [0x12, 0x34, 0x56, 0x78]): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const header =
    payload.length < 126
      ? [0x81, 0x80 | payload.length]
      : [0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff];
  const frame = new Uint8Array(header.length + 4 + payload.length);
  frame.set(header);
  frame.set(mask, header.length);
  payload.forEach((byte, i) => (frame[header.length + 4 + i] = byte ^ mask[i & 3]!));
  return frame;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

describe('decodeClientStream', () => {
  it('reads the upgrade request and unmasks the frames after it', () => {
    const head = new TextEncoder().encode(
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nUpgrade: websocket\r\n\r\n',
    );
    const long = `42["join",{"roomId":"${'x'.repeat(200)}"}]`;
    const decoded = decodeClientStream(concat(head, maskedFrame('40'), maskedFrame(long)));
    expect(decoded[0]).toContain('GET /socket.io/');
    expect(decoded.slice(1)).toEqual(['40', long]);
  });

  it('shows that masked bytes hide the text until unmasked', () => {
    const frame = maskedFrame('secret-name.pdf');
    expect(new TextDecoder().decode(frame)).not.toContain('secret-name.pdf');
    const head = new TextEncoder().encode('GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n');
    expect(decodeClientStream(concat(head, frame)).join('\n')).toContain('secret-name.pdf');
  });

  it('reads plain HTTP requests with their bodies', () => {
    const request = new TextEncoder().encode('POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello');
    expect(decodeClientStream(request)).toEqual(['POST /x HTTP/1.1\r\nContent-Length: 5', 'hello']);
  });
});
