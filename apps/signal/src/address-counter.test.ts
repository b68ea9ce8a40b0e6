import { describe, expect, it } from 'vitest';
import { AddressCounter } from './address-counter.ts';

describe('AddressCounter', () => {
  it('admits up to the limit per address, then refuses without counting the refusal', () => {
    const counter = new AddressCounter(2);
    expect(counter.tryAcquire('a')).toBe(true);
    expect(counter.tryAcquire('a')).toBe(true);
    expect(counter.tryAcquire('a')).toBe(false);
    expect(counter.countOf('a')).toBe(2);
    expect(counter.tryAcquire('b')).toBe(true);
    expect(counter.addresses).toBe(2);
  });
  it('admits again after a release, and forgets an address with nothing open', () => {
    const counter = new AddressCounter(1);
    counter.tryAcquire('a');
    counter.release('a');
    expect(counter.addresses).toBe(0);
    expect(counter.tryAcquire('a')).toBe(true);
    counter.release('a');
    counter.release('a');
    expect(counter.countOf('a')).toBe(0);
    expect(counter.tryAcquire('a')).toBe(true);
    expect(counter.tryAcquire('a')).toBe(false);
  });
  it('has no limit at 0, and still counts addresses', () => {
    const counter = new AddressCounter(0);
    for (let i = 0; i < 1_000; i++) expect(counter.tryAcquire('a')).toBe(true);
    expect(counter.countOf('a')).toBe(1_000);
    expect(counter.addresses).toBe(1);
  });
});
