// Command-line options of `npm run bench`. Sizes accept a unit: 256MiB, 1GiB, 32M.

const MIB = 1024 * 1024;

export interface BenchOptions {
  /** The file for the baseline, one-sharer and multi-source runs. */
  size: number;
  /** Upload limit of each sharer in the multi-source run, bytes per second. */
  limit: number;
  /** The file for the hashing run and the first memory run (download and save). */
  largeSize: number;
  /** The file for the second memory run: memory must not grow with the file. */
  hugeSize: number;
  quick: boolean;
}

/**
 * Sharers are limited to 1 MiB/s in the several-source rows, so that three of
 * them stay well inside what the downloader's two cores carry: at 2 MiB/s the
 * full run of 2026-12-05 asked 6 MiB/s of a machine whose raw channel made
 * 5.8, and three sharers measured the machine (2.47×), not Shoal.
 */
export const DEFAULTS: BenchOptions = {
  size: 128 * MIB,
  limit: 1 * MIB,
  largeSize: 1024 * MIB,
  hugeSize: 4096 * MIB,
  quick: false,
};
/**
 * Quick mode keeps every step working in CI, in a minute or two. Its sharers are
 * limited to 1 MiB/s so that three of them stay well inside what two cores can carry.
 */
export const QUICK: BenchOptions = {
  size: 32 * MIB,
  limit: 1 * MIB,
  largeSize: 64 * MIB,
  hugeSize: 128 * MIB,
  quick: true,
};

export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kib|m|mib|g|gib)?$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: "${text}" (try 256MiB or 1GiB)`);
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'g' ? 1024 * MIB : unit === 'm' ? MIB : unit === 'k' ? 1024 : 1;
  return Math.round(Number(match[1]) * factor);
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const quick = argv.includes('--quick') || env.BENCH_QUICK === '1';
  const options = { ...(quick ? QUICK : DEFAULTS) };
  const value = (name: string) => {
    const flag = argv.find((a) => a.startsWith(`--${name}=`));
    return flag?.slice(name.length + 3) ?? env[`BENCH_${name.toUpperCase().replace('-', '_')}`];
  };
  const size = value('size');
  const limit = value('limit');
  const large = value('large-size');
  const huge = value('huge-size');
  if (size) options.size = parseSize(size);
  if (limit) options.limit = parseSize(limit);
  if (large) options.largeSize = parseSize(large);
  if (huge) options.hugeSize = parseSize(huge);
  return options;
}
