// Loaded into each server process with `node --import` when BENCH_SERVER_PROBE_DIR
// is set (servers.ts). It measures the server's main-thread event-loop delay and,
// with BENCH_SERVER_CPU_PROFILE=1, takes a CPU profile; when the bench sends
// SIGUSR2 (at the end of a crowd's arrivals, before it SIGKILLs the servers) it
// writes server-<pid>.json (and server-<pid>.cpuprofile, Chrome DevTools' format)
// there. A preload because Node 20 refuses --cpu-prof in NODE_OPTIONS and the
// bench starts the servers through @shoal/testkit, which passes no flags.
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** As the client workers measure theirs (crowd-worker.ts). */
const LOOP_DELAY_RESOLUTION_MS = 10;
/** Sampling interval in microseconds (Node's --cpu-prof-interval default); finer slows the server. */
const SAMPLING_INTERVAL_US = 1_000;

const dir = process.env.BENCH_SERVER_PROBE_DIR;
if (dir) {
  const loop = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loop.enable();
  let session;
  if (process.env.BENCH_SERVER_CPU_PROFILE === '1') {
    session = new Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    session.post('Profiler.start');
  }
  const write = () => {
    loop.disable();
    // An in-thread inspector session answers synchronously.
    session?.post('Profiler.stop', (error, result) => {
      if (!error) {
        writeFileSync(
          join(dir, `server-${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
      }
    });
    const ms = (ns) => ns / 1e6;
    const report = {
      loopDelayP50Ms: ms(loop.percentile(50)),
      loopDelayP99Ms: ms(loop.percentile(99)),
      loopDelayMaxMs: ms(loop.max),
    };
    // Written whole under another name, then renamed: the bench polls for this file.
    const file = join(dir, `server-${process.pid}.json`);
    writeFileSync(`${file}.partial`, JSON.stringify(report));
    renameSync(`${file}.partial`, file);
  };
  process.once('SIGUSR2', write);
}
