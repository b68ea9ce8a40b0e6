import { describe, expect, it } from 'vitest';
import {
  addressKey,
  clientAddress,
  isLoopback,
  normalizeAddress,
  proxyList,
} from './client-address.ts';

/** Expects `fn` to turn every key of `table` into its value. */
function expectMapping(fn: (input: string) => string | undefined, table: Record<string, string>) {
  for (const [input, output] of Object.entries(table)) expect(fn(input), input).toBe(output);
}

describe('normalizeAddress', () => {
  it('spells each host one way: IPv4-mapped IPv6 as IPv4, IPv6 lower-case without its zone', () => {
    expectMapping(normalizeAddress, {
      '::ffff:192.0.2.7': '192.0.2.7',
      '::FFFF:127.0.0.1': '127.0.0.1',
      'FE80::1%eth0': 'fe80::1',
      ' 192.0.2.7 ': '192.0.2.7',
    });
  });
  it('returns undefined for anything that is not an IP address', () => {
    for (const raw of [undefined, '', 'unknown', 'evil.example', '::ffff:999.0.0.1', '1.2.3'])
      expect(normalizeAddress(raw), String(raw)).toBeUndefined();
  });
});

describe('isLoopback', () => {
  it('is true for 127.0.0.0/8, ::1 and 127.x mapped into IPv6', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '::1',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopback(address), address).toBe(true);
  });
  it('is false for every other address, and for no address', () => {
    for (const address of [
      '128.0.0.1',
      '10.0.0.1',
      '::',
      '::2',
      '1::1',
      'fd00::1',
      'localhost',
      undefined,
    ])
      expect(isLoopback(address), String(address)).toBe(false);
  });
});

describe('addressKey', () => {
  it('counts IPv4 by address and IPv6 by /64', () => {
    expectMapping(addressKey, {
      '192.0.2.7': '192.0.2.7',
      '2001:db8:1:2:aaaa::1': '2001:db8:1:2::/64',
      '2001:db8:1:2:bbbb:cccc:dddd:eeee': '2001:db8:1:2::/64',
      '2001:db8::1': '2001:db8:0:0::/64',
      '::1': '0:0:0:0::/64',
      '64:ff9b::192.0.2.7': '64:ff9b:0:0::/64',
    });
  });
});

describe('clientAddress', () => {
  const proxies = proxyList(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
  it('is the TCP peer when there is no trusted proxy, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('::ffff:192.0.2.7', '203.0.113.1', undefined)).toBe('192.0.2.7');
    expect(clientAddress('192.0.2.7', '203.0.113.1', proxies)).toBe('192.0.2.7');
  });
  it('behind a trusted proxy, is the last X-Forwarded-For entry: the one the proxy added', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.9, 203.0.113.1', proxies)).toBe('203.0.113.1');
    expect(clientAddress('::ffff:10.1.2.3', ['1.1.1.1', '203.0.113.1'], proxies)).toBe(
      '203.0.113.1',
    );
    expect(clientAddress('fd00::5', '2001:db8::1', proxies)).toBe('2001:db8::1');
  });
  it('counts a trusted proxy that sent no usable entry as the client', () => {
    expect(clientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '203.0.113.1, garbage', proxies)).toBe('127.0.0.1');
  });
  it('is undefined for a socket without an address', () => {
    expect(clientAddress(undefined, '203.0.113.1', proxies)).toBeUndefined();
  });
});
