// Resident memory of a whole process tree, read from /proc: a browser is many
// processes (browser, renderers, GPU, network, utility), and all of them count.
//
// The reads are synchronous on purpose: the sampler shares two cores with the
// CPU-bound transfer it watches, and fs.promises took ~40 ms of CPU per sample of
// ~70 processes here (a thread-pool round trip per open, read and close), against
// ~2.5 ms for the same reads done synchronously.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Utility processes Chromium starts on its own schedule, whatever the page
 * does: the on-device model service appears ~180 s after launch even on
 * about:blank (checked here; disabling the OptimizationGuideOnDeviceModel and
 * OnDeviceModelFetchPerformanceClassEveryStartup features did not stop it)
 * and holds ~45 MiB. Reported apart, so that a long download is not charged
 * for it.
 */
export const BACKGROUND_UTILITIES = ['OnDeviceModelService'];

/**
 * Whether a process's command line, as /proc gives it, is a BACKGROUND_UTILITIES
 * one: NUL-separated, or one line with spaces once Chromium has retitled the process.
 */
export function isBackgroundUtility(cmdline: string): boolean {
  const subType = /--utility-sub-type=([^\0\s]*)/.exec(cmdline)?.[1] ?? '';
  return BACKGROUND_UTILITIES.some((name) => subType.endsWith(`.${name}`));
}

/**
 * A Chromium child is forked from the zygote and shows the zygote's command
 * line until it sets its own, so a process is classified only once it has
 * been seen this long; before that its command line is read every time.
 */
const SETTLE_MS = 5_000;

/** Pids classified for good, and when each unsettled pid was first seen. */
const background = new Map<number, boolean>();
const firstSeen = new Map<number, number>();

function isBackgroundPid(pid: number): boolean {
  const known = background.get(pid);
  if (known !== undefined) return known;
  let found: boolean;
  try {
    found = isBackgroundUtility(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false; // it ended while we looked
  }
  const now = Date.now();
  const seen = firstSeen.get(pid) ?? now;
  firstSeen.set(pid, seen);
  if (found || now - seen >= SETTLE_MS) {
    background.set(pid, found);
    firstSeen.delete(pid);
  }
  return found;
}

/** A tree's resident bytes: every process, and every process but BACKGROUND_UTILITIES. */
export interface TreeRss {
  all: number;
  withoutBackground: number;
}

/** Raises `peak` to `now` where `now` is higher, figure by figure. */
export function raisePeak(peak: TreeRss, now: TreeRss): void {
  peak.all = Math.max(peak.all, now.all);
  peak.withoutBackground = Math.max(peak.withoutBackground, now.withoutBackground);
}

/** Parent pid and resident kilobytes from /proc/<pid>/status text. */
export function parseStatus(text: string): { ppid: number; rssKiB: number } | undefined {
  const ppid = /^PPid:\s+(\d+)/m.exec(text);
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(text);
  if (!ppid) return undefined;
  return { ppid: Number(ppid[1]), rssKiB: rss ? Number(rss[1]) : 0 };
}

/** Resident bytes of `root` and every process descended from it. */
export function treeRssBytes(root: number): TreeRss {
  const table = new Map<number, { ppid: number; rssKiB: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = parseStatus(readFileSync(`/proc/${name}/status`, 'utf8'));
      if (status) table.set(Number(name), status);
    } catch {
      // The process ended while we were reading.
    }
  }
  return {
    all: sumTree(table, root) * 1024,
    withoutBackground: sumTree(table, root, (pid) => !isBackgroundPid(pid)) * 1024,
  };
}

/** Pure part of treeRssBytes: sums rssKiB over root and its descendants that `counts`. */
export function sumTree(
  table: Map<number, { ppid: number; rssKiB: number }>,
  root: number,
  counts: (pid: number) => boolean = () => true,
): number {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let total = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    if (counts(pid)) total += table.get(pid)?.rssKiB ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples a tree's RSS every `intervalMs` until stopped; reports the peaks. */
export function sampleTreeRss(
  root: number,
  intervalMs = 200,
): { stop(): Promise<{ peak: TreeRss; samples: number }> } {
  const peak: TreeRss = { all: 0, withoutBackground: 0 };
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      raisePeak(peak, treeRssBytes(root));
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { peak, samples };
    },
  };
}
