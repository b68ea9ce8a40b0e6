// Waiting for a child process to say it is ready: the lab's helpers (a UDP
// reflector, a BiDi relay, Firefox, the signal server) each print a line when
// they listen.
import type { ChildProcess } from 'node:child_process';

/** How long a lab helper may take to print that it is ready. */
export const READY_TIMEOUT_MS = 30_000;
/** Most of a child's output kept for the error message. */
const MAX_OUTPUT_CHARS = 64 * 1024;

/**
 * Resolves with the first match of `pattern` in what `child` prints (stdout and
 * stderr, whichever are piped); rejects, with the output, if it exits or
 * `timeoutMs` passes first.
 */
export function untilPrinted(
  child: ChildProcess,
  pattern: RegExp,
  what: string,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const streams = [child.stdout, child.stderr].filter((stream) => stream !== null);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      for (const stream of streams) stream.off('data', scan);
      child.off('exit', exited);
      settle();
    };
    const scan = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-MAX_OUTPUT_CHARS);
      const match = pattern.exec(output);
      if (match) finish(() => resolve(match));
    };
    const exited = (code: number | null) =>
      finish(() => reject(new Error(`${what} exited (${code}) before it was ready:\n${output}`)));
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${what} was not ready in ${timeoutMs} ms:\n${output}`))),
      timeoutMs,
    );
    for (const stream of streams) stream.on('data', scan);
    child.once('exit', exited);
  });
}
