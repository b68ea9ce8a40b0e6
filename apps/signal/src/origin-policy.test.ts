import { describe, expect, it } from 'vitest';
import { originAllowed, type OriginPolicy } from './origin-policy.ts';

const noPublicUrl: OriginPolicy = { publicOrigin: undefined, allowed: [] };
const allowed = (origin: string | undefined, host: string | undefined, policy = noPublicUrl) =>
  originAllowed({ origin, host, websocket: true }, policy);

/** Each [Origin, Host] pair is expected to get the same answer. */
const expectAll = (pairs: [string, string | undefined][], expected: boolean) => {
  for (const [origin, host] of pairs)
    expect(allowed(origin, host), `${origin} on ${host}`).toBe(expected);
};

describe('originAllowed without PUBLIC_URL', () => {
  it('lets the app served by this server on localhost or an IP address connect', () => {
    expectAll(
      [
        ['http://localhost:8080', 'localhost:8080'],
        ['http://192.168.1.5:8080', '192.168.1.5:8080'],
        ['http://[::1]:8080', '[::1]:8080'],
        ['http://127.0.0.1', '127.0.0.1:80'],
      ],
      true,
    );
  });
  it('refuses its own origin on a DNS name: that is what a rebinding attack looks like', () => {
    expectAll(
      [
        ['http://evil.example:8080', 'evil.example:8080'],
        ['https://share.example', 'share.example'],
        ['http://app.localhost:8080', 'app.localhost:8080'],
      ],
      false,
    );
  });
  it('refuses https:, which this plain-HTTP server never serves itself', () => {
    expectAll(
      [
        ['https://127.0.0.1:8080', '127.0.0.1:8080'],
        ['https://localhost:8080', 'localhost:8080'],
      ],
      false,
    );
  });
  it('refuses a page on another site, another port, a malformed origin or Host', () => {
    expectAll(
      [
        ['https://evil.example', 'share.example'],
        ['http://localhost:8081', 'localhost:8080'],
        ['http://127.0.0.1:8080', 'localhost:8080'],
        ['null', 'share.example'],
        ['http://LOCALHOST:8080', 'localhost:8080'],
        ['http://127.0.0.1:8080/', '127.0.0.1:8080'],
        ['http://127.0.0.1:8080', 'x@127.0.0.1:8080'],
        ['http://127.0.0.1:8080', '127.0.0.1:8080/path'],
        ['http://127.0.0.1:8080', undefined],
      ],
      false,
    );
  });
});

describe('originAllowed with PUBLIC_URL', () => {
  const policy: OriginPolicy = { publicOrigin: 'https://share.example', allowed: [] };
  it('accepts exactly the public origin, whatever the Host header says', () => {
    expect(allowed('https://share.example', 'share.example', policy)).toBe(true);
    expect(allowed('https://share.example', '10.0.0.2:8080', policy)).toBe(true);
  });
  it('refuses it under another scheme or port, and the IP-literal origins it would otherwise accept', () => {
    expect(allowed('http://share.example', 'share.example', policy)).toBe(false);
    expect(allowed('https://share.example:8443', 'share.example:8443', policy)).toBe(false);
    expect(allowed('http://localhost:8080', 'localhost:8080', policy)).toBe(false);
  });
});

describe('originAllowed, either way', () => {
  it('allows configured origins, such as a development server', () => {
    const policy = { publicOrigin: 'https://share.example', allowed: ['http://localhost:5173'] };
    expect(allowed('http://localhost:5173', 'localhost:8080', policy)).toBe(true);
    expect(
      allowed('http://localhost:5173', 'localhost:8080', { ...policy, publicOrigin: undefined }),
    ).toBe(true);
  });
  it('lets WebSocket handshakes without an Origin header through: browsers always send one', () => {
    expect(allowed(undefined, 'localhost:8080')).toBe(true);
  });
  it('refuses other requests without an Origin: a same-origin GET from a rebound page has none', () => {
    expect(
      originAllowed({ origin: undefined, host: 'evil.example', websocket: false }, noPublicUrl),
    ).toBe(false);
  });
});
