// Reading a process's resident memory and CPU time from Linux's /proc. The
// parsers are pure; the readers are one file read each.
import { readFile } from 'node:fs/promises';

/** Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream build. */
const CLOCK_TICKS_PER_SECOND = 100;

/** VmRSS from the text of /proc/<pid>/status, in bytes (the kernel writes kB, meaning KiB). */
export function parseVmRssBytes(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** User plus system CPU time in milliseconds from the text of /proc/<pid>/stat. */
export function parseCpuMs(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may contain spaces: split after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) are at 11 and 12 once pid, comm and state are gone.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || fields.length < 13) return undefined;
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A thread's time on a CPU and time runnable but waiting for one, from /proc/.../schedstat. */
export interface Schedstat {
  cpuMs: number;
  /** Run-queue wait: ready to run, but every core was busy with something else. */
  waitMs: number;
}

/** Parses /proc/<pid>/task/<tid>/schedstat: nanoseconds on CPU, nanoseconds waiting, timeslices. */
export function parseSchedstat(text: string): Schedstat | undefined {
  const [cpuNs, waitNs] = text.trim().split(/\s+/).map(Number);
  if (!Number.isFinite(cpuNs) || !Number.isFinite(waitNs)) return undefined;
  return { cpuMs: (cpuNs as number) / 1e6, waitMs: (waitNs as number) / 1e6 };
}

/** A thread's schedstat: `/proc/<pid>/task/<pid>/schedstat` is a process's main thread. */
export async function readSchedstat(path: string): Promise<Schedstat> {
  const stat = parseSchedstat(await readFile(path, 'utf8'));
  if (stat === undefined) throw new Error(`unreadable ${path}`);
  return stat;
}

export async function readRssBytes(pid: number): Promise<number> {
  const bytes = parseVmRssBytes(await readFile(`/proc/${pid}/status`, 'utf8'));
  if (bytes === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return bytes;
}

export async function readCpuMs(pid: number): Promise<number> {
  const ms = parseCpuMs(await readFile(`/proc/${pid}/stat`, 'utf8'));
  if (ms === undefined) throw new Error(`unreadable /proc/${pid}/stat`);
  return ms;
}

/** The soft limit on open files for this process, from /proc/self/limits. */
export async function openFileLimit(): Promise<number | undefined> {
  const limits = await readFile('/proc/self/limits', 'utf8').catch(() => '');
  const match = /^Max open files\s+(\d+)/m.exec(limits);
  return match ? Number(match[1]) : undefined;
}
