// Command-line flags and BENCH_* environment variables for the signaling bench.
// Pure: argv and env in, options or every problem at once out. Flags win over env.

export const SCENARIO_NAMES = ['single', 'redis', 'target', 'crowd', 'crowd-redis'] as const;
/**
 * single: one server process with `clients` connections.
 * redis: two server processes on one Redis, `clients` split evenly between them.
 * target: one server process with `targetClients` connections (the 10,000 target).
 * crowd: `crowdClients` clients arrive at one room on one server process (issue 14).
 * crowd-redis: the same crowd on two processes over Redis, split evenly between them.
 */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchOptions {
  quick: boolean;
  clients: number;
  targetClients: number;
  scenarios: ScenarioName[];
  roomSize: number;
  /** Aggregate signals per second across all clients. */
  rate: number;
  /** Seconds of signals before the measured ones, left out of the latency figures. */
  warmupSeconds: number;
  durationSeconds: number;
  /** Connections being opened (connect + join) at once. */
  concurrency: number;
  /** The whole run stops by itself after this long. */
  timeoutSeconds: number;
  seed: number;
  /** Clients in the flash crowd, all in one room. */
  crowdClients: number;
  /** Crowd arrivals (connect, then join) per second. */
  crowdRate: number;
  /** Worker threads the crowd's clients are spread over. */
  crowdWorkers: number;
  /** Crowd clients that leave the room after the crowd, to count what one leave sends. */
  crowdLeaves: number;
  /** PEER_SAMPLE_SIZE the crowd's servers are started with (K). */
  sampleSize: number;
  help: boolean;
}

type Numeric = Exclude<
  { [K in keyof BenchOptions]: BenchOptions[K] extends number ? K : never }[keyof BenchOptions],
  undefined
>;

interface NumericFlag {
  key: Numeric;
  flag: string;
  env: string;
  min: number;
  max: number;
  integer: boolean;
}

/** Rooms hold at most 50 peers by default (MAX_PEERS_PER_ROOM); ports cap clients well before 50,000. */
const NUMERIC_FLAGS: NumericFlag[] = [
  { key: 'clients', flag: 'clients', env: 'BENCH_CLIENTS', min: 2, max: 50_000, integer: true },
  {
    key: 'targetClients',
    flag: 'target-clients',
    env: 'BENCH_TARGET_CLIENTS',
    min: 2,
    max: 50_000,
    integer: true,
  },
  { key: 'roomSize', flag: 'room-size', env: 'BENCH_ROOM_SIZE', min: 2, max: 50, integer: true },
  { key: 'rate', flag: 'rate', env: 'BENCH_RATE', min: 1, max: 100_000, integer: false },
  {
    key: 'warmupSeconds',
    flag: 'warmup',
    env: 'BENCH_WARMUP_S',
    min: 0,
    max: 60,
    integer: false,
  },
  {
    key: 'durationSeconds',
    flag: 'duration',
    env: 'BENCH_DURATION_S',
    min: 0.5,
    max: 600,
    integer: false,
  },
  {
    key: 'concurrency',
    flag: 'concurrency',
    env: 'BENCH_CONCURRENCY',
    min: 1,
    max: 2_000,
    integer: true,
  },
  {
    key: 'timeoutSeconds',
    flag: 'timeout',
    env: 'BENCH_TIMEOUT_S',
    min: 10,
    max: 7_200,
    integer: false,
  },
  {
    key: 'crowdClients',
    flag: 'crowd-clients',
    env: 'BENCH_CROWD_CLIENTS',
    min: 2,
    max: 50_000,
    integer: true,
  },
  {
    key: 'crowdRate',
    flag: 'crowd-rate',
    env: 'BENCH_CROWD_RATE',
    min: 1,
    max: 20_000,
    integer: false,
  },
  {
    key: 'crowdWorkers',
    flag: 'crowd-workers',
    env: 'BENCH_CROWD_WORKERS',
    min: 1,
    max: 16,
    integer: true,
  },
  {
    key: 'crowdLeaves',
    flag: 'crowd-leaves',
    env: 'BENCH_CROWD_LEAVES',
    min: 0,
    max: 1_000,
    integer: true,
  },
  {
    key: 'sampleSize',
    flag: 'sample-size',
    env: 'BENCH_SAMPLE_SIZE',
    min: 1,
    max: 1_000,
    integer: true,
  },
  { key: 'seed', flag: 'seed', env: 'BENCH_SEED', min: 0, max: 2 ** 32 - 1, integer: true },
];

/**
 * Issue 5's measurement (5,000 clients on one process and on two, then the 10,000
 * target) and issue 14's flash crowd: 10,000 clients into one room at 1,000/s, so
 * the crowd arrives in 10 s, on one process and on two.
 */
export const FULL_DEFAULTS: BenchOptions = {
  quick: false,
  clients: 5_000,
  targetClients: 10_000,
  scenarios: ['single', 'redis', 'target', 'crowd', 'crowd-redis'],
  roomSize: 5,
  rate: 1_000,
  warmupSeconds: 2,
  durationSeconds: 10,
  concurrency: 100,
  timeoutSeconds: 900,
  seed: 1,
  crowdClients: 10_000,
  crowdRate: 1_000,
  crowdWorkers: 2,
  crowdLeaves: 50,
  sampleSize: 30,
  help: false,
};

/** For CI: proves every path works in well under a minute; says nothing about capacity. */
export const QUICK_DEFAULTS: BenchOptions = {
  ...FULL_DEFAULTS,
  quick: true,
  clients: 200,
  scenarios: ['single', 'redis', 'crowd', 'crowd-redis'],
  warmupSeconds: 1,
  durationSeconds: 2.5,
  crowdClients: 1_000,
  crowdLeaves: 10,
  timeoutSeconds: 110,
};

export const USAGE = `Usage: npm run bench:signal -- [options]

  --quick                 200 clients, 1 + 2.5 s of signals, single + redis; a crowd of 1000 (BENCH_QUICK=1)
  --clients N             clients for the single and redis scenarios (BENCH_CLIENTS, default 5000)
  --target-clients N      clients for the target scenario (BENCH_TARGET_CLIENTS, default 10000)
  --scenarios LIST        comma-separated: ${SCENARIO_NAMES.join(', ')} (BENCH_SCENARIOS)
  --room-size N           clients per room (BENCH_ROOM_SIZE, default 5)
  --rate N                aggregate signals per second (BENCH_RATE, default 1000)
  --warmup S              seconds of signals first, not in the latency figures (BENCH_WARMUP_S, default 2; quick 1)
  --duration S            seconds of measured signaling per scenario (BENCH_DURATION_S, default 10)
  --concurrency N         connections opened at once (BENCH_CONCURRENCY, default 100)
  --timeout S             stop everything after S seconds (BENCH_TIMEOUT_S, default 900; quick 110)
  --seed N                seed for picking senders and receivers (BENCH_SEED, default 1)
  --crowd-clients N       clients in the one-room flash crowd (BENCH_CROWD_CLIENTS, default 10000; quick 1000)
  --crowd-rate N          crowd arrivals per second (BENCH_CROWD_RATE, default 1000)
  --crowd-workers N       worker threads opening the crowd (BENCH_CROWD_WORKERS, default 2)
  --crowd-leaves N        crowd clients that leave afterwards (BENCH_CROWD_LEAVES, default 50; quick 10)
  --sample-size K         PEER_SAMPLE_SIZE for the crowd's servers (BENCH_SAMPLE_SIZE, default 30)
  --help`;

export type ParsedArgs = { ok: true; value: BenchOptions } | { ok: false; error: string[] };

const isTruthy = (value: string | undefined) =>
  value !== undefined && ['1', 'true', 'yes'].includes(value.toLowerCase());

function parseScenarios(text: string, problems: string[]): ScenarioName[] | undefined {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    problems.push(`scenarios must be a list of ${SCENARIO_NAMES.join(', ')}; got "${text}"`);
    return undefined;
  }
  return [...new Set(names as ScenarioName[])];
}

export function parseArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ParsedArgs {
  const problems: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '-h' || token === '--help') {
      flags.set('help', true);
      continue;
    }
    if (!token.startsWith('--')) {
      problems.push(`unexpected argument "${token}"`);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (name === 'quick') {
      flags.set(name, true);
      continue;
    }
    if (eq !== -1) flags.set(name, token.slice(eq + 1));
    else if (i + 1 < argv.length) flags.set(name, argv[++i] as string);
    else problems.push(`--${name} needs a value`);
  }

  const quick = flags.get('quick') === true || isTruthy(env['BENCH_QUICK']);
  const options: BenchOptions = { ...(quick ? QUICK_DEFAULTS : FULL_DEFAULTS) };
  options.help = flags.get('help') === true;
  const known = new Set(['quick', 'help', 'scenarios', ...NUMERIC_FLAGS.map((f) => f.flag)]);
  for (const name of flags.keys()) if (!known.has(name)) problems.push(`unknown flag --${name}`);

  for (const spec of NUMERIC_FLAGS) {
    const flag = flags.get(spec.flag);
    const raw = typeof flag === 'string' ? flag : env[spec.env];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    const source = typeof flag === 'string' ? `--${spec.flag}` : spec.env;
    if (!Number.isFinite(value) || (spec.integer && !Number.isInteger(value))) {
      problems.push(`${source} must be ${spec.integer ? 'an integer' : 'a number'}, got "${raw}"`);
    } else if (value < spec.min || value > spec.max) {
      problems.push(`${source} must be within ${spec.min}..${spec.max}, got ${value}`);
    } else {
      options[spec.key] = value;
    }
  }

  const scenariosFlag = flags.get('scenarios');
  const scenariosText = typeof scenariosFlag === 'string' ? scenariosFlag : env['BENCH_SCENARIOS'];
  if (scenariosText !== undefined && scenariosText !== '') {
    const scenarios = parseScenarios(scenariosText, problems);
    if (scenarios) options.scenarios = scenarios;
  }

  return problems.length > 0 ? { ok: false, error: problems } : { ok: true, value: options };
}
