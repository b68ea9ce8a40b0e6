// Resident memory of a whole process tree, read from /proc: a browser is many
// processes (browser, renderers, GPU, network, utility), and all of them count.
//
// The reads are synchronous on purpose: the sampler shares two cores with the
// CPU-bound transfer it watches, and fs.promises took ~40 ms of CPU per sample of
// ~70 processes here (a thread-pool round trip per open, read and close), against
// ~2.5 ms for the same reads done synchronously.
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid and resident kilobytes from /proc/<pid>/status text. */
export function parseStatus(text: string): { ppid: number; rssKiB: number } | undefined {
  const ppid = /^PPid:\s+(\d+)/m.exec(text);
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(text);
  if (!ppid) return undefined;
  return { ppid: Number(ppid[1]), rssKiB: rss ? Number(rss[1]) : 0 };
}

/** Sum of RSS, in bytes, of `root` and every process descended from it. */
export function treeRssBytes(root: number): number {
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
  return sumTree(table, root) * 1024;
}

/** Pure part of treeRssBytes: sums rssKiB over root and its descendants. */
export function sumTree(
  table: Map<number, { ppid: number; rssKiB: number }>,
  root: number,
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
    total += table.get(pid)?.rssKiB ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples a tree's RSS every `intervalMs` until stopped; reports the peak. */
export function sampleTreeRss(
  root: number,
  intervalMs = 200,
): { stop(): Promise<{ peak: number; samples: number }> } {
  let peak = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, treeRssBytes(root));
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
