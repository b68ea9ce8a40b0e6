import { describe, expect, it } from 'vitest';
import { addressBanKey } from './address-key.ts';

describe('addressBanKey', () => {
  it('keeps an IPv4 address as it is, also when IPv4-mapped', () => {
    expect(addressBanKey('198.51.100.7')).toBe('198.51.100.7');
    expect(addressBanKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('bans an IPv6 address by its /64, however it is written', () => {
    const key = '2001:db8:0:12::/64';
    expect(addressBanKey('2001:db8:0:12::1')).toBe(key);
    expect(addressBanKey('2001:0db8:0000:0012:ffff:1:2:3')).toBe(key);
    expect(addressBanKey('[2001:DB8::12:0:0:0:9]')).toBe(key);
    expect(addressBanKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('gives two addresses of one /64 the same key and another /64 another', () => {
    expect(addressBanKey('2001:db8:1:2::a')).toBe(addressBanKey('2001:db8:1:2:ffff::b'));
    expect(addressBanKey('2001:db8:1:2::a')).not.toBe(addressBanKey('2001:db8:1:3::a'));
  });

  it.each(['', 'example.local', '1.2.3', '256.1.1.1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1'])(
    'has no key for %j',
    (address) => {
      expect(addressBanKey(address)).toBeUndefined();
    },
  );
});
