// The raw channel at its best: the same file sent over a bare data channel with
// every message size and high-water mark worth trying, so Shoal is measured
// against what the channel can do here, not against a copy of its own choices.

const KIB = 1024;
const MIB = 1024 * KIB;

export interface RawConfig {
  messageBytes: number;
  highWaterMark: number;
}

/** The grid: message sizes up to Chromium's 256 KiB limit, high-water marks up to its 16 MiB send buffer. */
export const SWEEP_MESSAGE_BYTES = [16, 32, 64, 128, 256].map((k) => k * KIB);
export const SWEEP_HIGH_WATER_MARKS = [1, 4, 8, 15].map((m) => m * MIB);

/** Quick mode tries Shoal's own configuration and the best one seen here so far. */
export const QUICK_SWEEP: RawConfig[] = [
  { messageBytes: 32 * KIB, highWaterMark: 1 * MIB },
  { messageBytes: 64 * KIB, highWaterMark: 8 * MIB },
];

export function sweepConfigs(quick: boolean): RawConfig[] {
  if (quick) return QUICK_SWEEP;
  return SWEEP_MESSAGE_BYTES.flatMap((messageBytes) =>
    SWEEP_HIGH_WATER_MARKS.map((highWaterMark) => ({ messageBytes, highWaterMark })),
  );
}

/** Resumes sending below a quarter of the mark, as Shoal's uploader does. */
export const lowWaterMarkFor = (config: RawConfig) => config.highWaterMark / 4;

export const describeConfig = ({ messageBytes, highWaterMark }: RawConfig) =>
  `${messageBytes / KIB} KiB messages, ${highWaterMark / MIB} MiB high-water mark`;

export interface SweepPoint extends RawConfig {
  mibPerSecond: number;
}

/** The fastest point of a sweep; ties go to the earlier (smaller) configuration. */
export function bestOf(points: readonly SweepPoint[]): SweepPoint {
  if (points.length === 0) throw new Error('an empty sweep has no best configuration');
  return points.reduce((best, point) => (point.mibPerSecond > best.mibPerSecond ? point : best));
}
