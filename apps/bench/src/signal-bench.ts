// `npm run bench:signal`: the signaling load benchmark (issue 5). Many socket.io
// clients in rooms of 5 exchange candidate-sized signals through the built server,
// on one process and on two joined by Redis; reports relay latency, memory per
// connection and the issue's targets. Then a flash crowd (issue 14): thousands of
// clients arrive at one room within seconds; reports join latency, messages per
// join and peak memory. Exits non-zero only when something did not work
// (refusals, losses, failed connections), never for a missed target.
import { setMaxListeners } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs, USAGE, type BenchOptions } from './signal/args.ts';
import { crowdSpecs, runCrowd, type CrowdResult } from './signal/crowd.ts';
import { checkCrowdTargets, formatCrowdTable } from './signal/crowd-report.ts';
import { openFileLimit } from './signal/proc.ts';
import { checkTargets, formatDetails, formatTable, writeResults } from './signal/report.ts';
import { runScenario, scenarioSpecs, type ScenarioResult } from './signal/scenario.ts';
import { ensureServerBuilt, killAllChildren } from './signal/servers.ts';
import { formatTargets } from './signal/table.ts';

/** File descriptors per client beyond the socket itself (none today); plus a margin for the process. */
const FD_MARGIN = 256;
/** After the overall timeout, how long teardown may take before the process exits anyway. */
const TEARDOWN_GRACE_MS = 30_000;

const log = (line: string) => console.log(`[bench:signal] ${line}`);

async function checkFileLimit(options: BenchOptions): Promise<string | undefined> {
  // The crowd's clients all live in this process (worker threads share its descriptors).
  const crowd = options.scenarios.some((name) => name.startsWith('crowd'));
  const needed =
    Math.max(
      options.clients,
      options.scenarios.includes('target') ? options.targetClients : 0,
      crowd ? options.crowdClients : 0,
    ) + FD_MARGIN;
  const limit = await openFileLimit();
  if (limit === undefined || limit >= needed) return undefined;
  return `open-file limit ${limit} is below the ${needed} this run needs: raise it with "ulimit -n ${needed}" (npm run bench:signal raises the soft limit to the hard limit)`;
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    console.error(`${parsed.error.join('\n')}\n\n${USAGE}`);
    return 2;
  }
  const options = parsed.value;
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const fdProblem = await checkFileLimit(options);
  if (fdProblem) {
    console.error(fdProblem);
    return 2;
  }

  const startedAt = new Date();
  const controller = new AbortController();
  // Every connection in flight listens for the abort: that is expected, not a leak.
  setMaxListeners(options.concurrency + 16, controller.signal);
  const timeout = setTimeout(() => {
    controller.abort(new Error(`overall timeout of ${options.timeoutSeconds} s`));
    setTimeout(() => {
      console.error('[bench:signal] teardown did not finish; exiting');
      killAllChildren();
      process.exit(3);
    }, TEARDOWN_GRACE_MS).unref();
  }, options.timeoutSeconds * 1000);
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAllChildren);

  const build = ensureServerBuilt();
  log(
    `server: apps/signal/dist/server.js (${build}); ${cpus().length} CPUs, load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const results: ScenarioResult[] = [];
  const crowds: CrowdResult[] = [];
  try {
    for (const spec of scenarioSpecs(options)) {
      if (controller.signal.aborted) break;
      log(`--- ${spec.label}: ${spec.clients} clients in rooms of ${options.roomSize}`);
      const result = await runScenario(spec, options, controller.signal, log);
      log(`server env: ${result.serverEnvNote}`);
      for (const problem of result.problems) log(`PROBLEM: ${problem}`);
      results.push(result);
    }
    for (const spec of crowdSpecs(options)) {
      if (controller.signal.aborted) break;
      log(`--- ${spec.label}: ${spec.clients} clients into one room`);
      const result = await runCrowd(spec, options, controller.signal, log);
      log(
        `server env: ${Object.entries(result.serverEnv)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
      for (const problem of result.problems) log(`PROBLEM: ${problem}`);
      crowds.push(result);
    }
  } finally {
    clearTimeout(timeout);
  }

  const targets = checkTargets(results);
  const crowdTargets = checkCrowdTargets(crowds);
  const ok =
    results.length + crowds.length === options.scenarios.length &&
    results.every((r) => r.ok) &&
    crowds.every((r) => r.ok);
  if (results.length > 0) {
    console.log(`\n${formatTable(results)}\n\n${formatDetails(results)}\n`);
    console.log(`Targets (issue 5)\n${formatTargets(targets)}\n`);
  }
  if (crowds.length > 0) {
    console.log(`\nFlash crowd into one room (K = PEER_SAMPLE_SIZE = ${options.sampleSize})`);
    console.log(`${formatCrowdTable(crowds)}\n`);
    console.log(`Targets (issue 14)\n${formatTargets(crowdTargets)}\n`);
  }
  console.log(
    'Latency is measured in this one process (sender stamps, receiver subtracts), so it includes\n' +
      "the bench's own event-loop delay; the clients, the server(s) and Redis share this machine's CPUs." +
      (options.quick
        ? '\nQuick mode checks that everything works; it is too small and short to judge targets.'
        : ''),
  );
  const report = {
    benchmark: 'signal',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    ok,
    options,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
      loadAverageAtStart: loadavg(),
      node: process.version,
      platform: process.platform,
    },
    server: { entry: 'apps/signal/dist/server.js', build },
    scenarios: results,
    targets,
    crowds,
    crowdTargets,
  };
  const files = await writeResults(report, { quick: options.quick, ok, startedAt });
  log(`wrote ${files.join(', ')}`);
  log(ok ? 'every scenario worked' : 'FAILED: see PROBLEM lines above');
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    killAllChildren();
    process.exitCode = 1;
  },
);
