// How numbers read to a person, in the page's language: sizes, speeds, times
// left, percentages and copies. The digits, separators and unit words come from
// Intl; the byte units' names (KiB, MiB…) from the translations, since Intl has
// no binary units.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
export type ByteUnit = (typeof UNITS)[number];

/** What the translations say for each byte unit and for "per second". */
export interface UnitWords {
  unit: (unit: ByteUnit) => string;
  /** "4.20 MiB" → "4.20 MiB/s". */
  perSecond: (size: string) => string;
}

export interface Formats {
  /** 1536 → "1.50 KiB"; three significant figures, never "1024 KiB". */
  bytes(bytes: number): string;
  /** Bytes per second → "4.20 MiB/s". */
  rate(bytesPerSecond: number): string;
  /** Seconds left → "45 sec", "3 min 5 sec", "2 hr 7 min"; unknown → "—". */
  duration(seconds: number | undefined): string;
  /** 0.337 → "33%": rounded down, so 99.9 % never reads as done. */
  percent(fraction: number): string;
  /**
   * Distributed copies, rounded down to a tenth: 0.99 must not read "1.0",
   * since below one some piece has no copy in reach.
   */
  copies(copies: number): { count: number; text: string };
  /** A plain count, with the language's digits. */
  count(value: number): string;
}

/** Decimals that keep three significant figures (whole bytes have none). */
function significantDigits(unit: number, scaled: number): 0 | 1 | 2 {
  return unit === 0 || scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
}

/** Shown for a number that cannot be (negative, NaN) or is not known. */
const UNKNOWN = '—';

export function createFormats(locale: string, words: UnitWords): Formats {
  const fixed = [0, 1, 2].map(
    (digits) =>
      new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  ) as [Intl.NumberFormat, Intl.NumberFormat, Intl.NumberFormat];
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const timeUnit = (unit: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' });
  const hours = timeUnit('hour');
  const minutes = timeUnit('minute');
  const seconds = timeUnit('second');
  const list = new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' });

  const bytes = (value: number): string => {
    if (!Number.isFinite(value) || value < 0) return UNKNOWN;
    let scaled = value;
    let unit = 0;
    while (scaled >= 1024 && unit < UNITS.length - 1) {
      scaled /= 1024;
      unit += 1;
    }
    let digits = significantDigits(unit, scaled);
    // 1023.999 KiB rounds to 1024: that is 1.00 MiB.
    if (Number(scaled.toFixed(digits)) >= 1024 && unit < UNITS.length - 1) {
      scaled /= 1024;
      unit += 1;
      digits = significantDigits(unit, scaled);
    }
    return `${fixed[digits].format(scaled)} ${words.unit(UNITS[unit]!)}`;
  };

  return {
    bytes,
    rate: (bytesPerSecond) => words.perSecond(bytes(Math.max(0, Math.round(bytesPerSecond)))),
    duration: (value) => {
      if (value === undefined || !Number.isFinite(value) || value < 0) return UNKNOWN;
      const s = Math.ceil(value);
      if (s < 60) return seconds.format(s);
      if (s < 3600)
        return list.format([minutes.format(Math.floor(s / 60)), seconds.format(s % 60)]);
      return list.format([
        hours.format(Math.floor(s / 3600)),
        minutes.format(Math.floor((s % 3600) / 60)),
      ]);
    },
    percent: (fraction) => {
      const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
      return percent.format(Math.floor(clamped * 100) / 100);
    },
    copies: (value) => {
      const tenths = Math.floor(Math.max(0, value) * 10 + 1e-9) / 10;
      return { count: tenths, text: fixed[1].format(tenths) };
    },
    count: (value) => whole.format(value),
  };
}
