// Structured logs: one JSON object per line on stdout. Callers pass event names
// and small fields (ids, codes, counts); never signal payloads.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SEVERITY: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 100,
};

export type LogFields = Record<string, string | number | boolean | null | undefined | object>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => Date = () => new Date(),
): Logger {
  const threshold = SEVERITY[level];
  const emit = (lineLevel: Exclude<LogLevel, 'silent'>) => (event: string, fields?: LogFields) => {
    if (SEVERITY[lineLevel] < threshold) return;
    const head = { time: now().toISOString(), level: lineLevel, event };
    // Fields never overwrite the time, level or event name.
    write(JSON.stringify(Object.assign({ ...head }, fields, head)));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
