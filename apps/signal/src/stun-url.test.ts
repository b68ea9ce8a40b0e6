import { describe, expect, it } from 'vitest';
import { embeddedStunServer, hostnameOfHostHeader } from './stun-url.ts';

describe('the stun: URL clients are given', () => {
  it('names the Host the page was loaded from, without its port', () => {
    expect(
      embeddedStunServer({ publicUrl: undefined, hostHeader: 'share.example:8080', port: 3478 }),
    ).toEqual({ urls: 'stun:share.example:3478' });
    expect(
      embeddedStunServer({ publicUrl: undefined, hostHeader: '192.0.2.10', port: 3478 }),
    ).toEqual({ urls: 'stun:192.0.2.10:3478' });
  });

  it('prefers PUBLIC_URL over the Host header', () => {
    const publicUrl = new URL('https://share.example');
    expect(embeddedStunServer({ publicUrl, hostHeader: 'evil.example', port: 3478 })).toEqual({
      urls: 'stun:share.example:3478',
    });
    expect(
      embeddedStunServer({
        publicUrl: new URL('http://[2001:DB8::1]:8080'),
        hostHeader: undefined,
        port: 9,
      }),
    ).toEqual({ urls: 'stun:[2001:db8::1]:9' });
  });

  it('keeps an IPv6 literal bracketed', () => {
    expect(
      embeddedStunServer({ publicUrl: undefined, hostHeader: '[2001:db8::1]:8080', port: 3478 }),
    ).toEqual({ urls: 'stun:[2001:db8::1]:3478' });
  });

  it('gives none when STUN is off', () => {
    expect(
      embeddedStunServer({
        publicUrl: new URL('https://share.example'),
        hostHeader: 'x',
        port: undefined,
      }),
    ).toBeUndefined();
  });

  it('gives none for a Host header that names no usable host, and never throws', () => {
    for (const bogus of [
      undefined,
      '',
      ':8080',
      'share.example:port',
      'a b',
      'user@share.example',
      'share.example/path',
      'share.example:8080:1',
      '[2001:db8::1',
      '[not-ipv6]:80',
      '[fe80::1%eth0]',
      '2001:db8::1',
      '-leading.example',
      'under_score.example',
      '1.2.3.999',
      `${'a'.repeat(64)}.example`,
      'xn--caf-dma.example\u0000',
      'stun:evil.example',
    ]) {
      expect(
        embeddedStunServer({ publicUrl: undefined, hostHeader: bogus, port: 3478 }),
        bogus,
      ).toBeUndefined();
    }
  });

  it('reads DNS names in lower case, without a trailing dot', () => {
    expect(hostnameOfHostHeader('Share.Example.:443')).toBe('share.example');
    expect(hostnameOfHostHeader('localhost')).toBe('localhost');
    expect(hostnameOfHostHeader('[::FFFF:192.0.2.1]')).toBe('[::ffff:192.0.2.1]');
  });
});
