import { describe, expect, it } from 'vitest';
import { createFormats, type UnitWords } from './format.ts';

const ENGLISH_UNITS: UnitWords = { unit: (unit) => unit, perSecond: (size) => `${size}/s` };
const en = createFormats('en', ENGLISH_UNITS);
const de = createFormats('de', ENGLISH_UNITS);
const ar = createFormats('ar', { unit: (unit) => `<${unit}>`, perSecond: (size) => `${size}/ث` });

describe('bytes', () => {
  it('shows whole bytes below one KiB', () => {
    expect(en.bytes(0)).toBe('0 B');
    expect(en.bytes(1023)).toBe('1,023 B');
  });
  it('moves to the next unit at 1024 and keeps three significant figures', () => {
    expect(en.bytes(1024)).toBe('1.00 KiB');
    expect(en.bytes(1536)).toBe('1.50 KiB');
    expect(en.bytes(20 * 1024 * 1024)).toBe('20.0 MiB');
    expect(en.bytes(300 * 1024 ** 3)).toBe('300 GiB');
  });
  it('moves to the next unit when rounding reaches 1024, never "1,024 KiB"', () => {
    expect(en.bytes(1024 * 1024 - 1)).toBe('1.00 MiB');
    expect(en.bytes(1023 * 1024)).toBe('1,023 KiB');
  });
  it("writes the number the language's way", () => {
    expect(de.bytes(1536)).toBe('1,50 KiB');
    expect(de.bytes(1023)).toBe('1.023 B');
    expect(ar.bytes(1536)).toBe(
      `${new Intl.NumberFormat('ar', { minimumFractionDigits: 2 }).format(1.5)} <KiB>`,
    );
  });
  it('shows a dash for sizes that cannot be', () => {
    expect(en.bytes(-1)).toBe('—');
    expect(en.bytes(Number.NaN)).toBe('—');
  });
});

describe('rate', () => {
  it('reads as bytes per second, in the words of the language', () => {
    expect(en.rate(4.2 * 1024 * 1024)).toBe('4.20 MiB/s');
    expect(ar.rate(0)).toMatch(/<B>\/ث$/);
  });
});

describe('duration', () => {
  it('shows seconds, then minutes and seconds, then hours and minutes', () => {
    expect(en.duration(44.2)).toBe('45 sec');
    expect(en.duration(185)).toBe('3 min 5 sec');
    expect(en.duration(2 * 3600 + 7 * 60)).toBe('2 hr 7 min');
    expect(de.duration(185)).toBe('3 Min., 5 Sek.');
  });
  it('shows a dash when the time left is unknown', () => {
    expect(en.duration(undefined)).toBe('—');
    expect(en.duration(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('percent', () => {
  it('rounds down, so an unfinished download never reads 100 %', () => {
    expect(en.percent(0.999)).toBe('99%');
    expect(en.percent(1)).toBe('100%');
    expect(de.percent(0.337)).toBe('33\u00a0%');
  });
});

describe('copies', () => {
  it('rounds down to a tenth, so an incomplete swarm never reads as one whole copy', () => {
    expect(en.copies(0.99)).toEqual({ count: 0.9, text: '0.9' });
    expect(en.copies(1)).toEqual({ count: 1, text: '1.0' });
    expect(en.copies(2.25)).toEqual({ count: 2.2, text: '2.2' });
    expect(de.copies(2.25).text).toBe('2,2');
  });
});
