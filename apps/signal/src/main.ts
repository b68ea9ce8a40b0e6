// Entry point: read the environment, start the server, shut down cleanly on SIGTERM/SIGINT.
import { describeConfig, parseConfig } from './config.ts';
import { createLogger } from './log.ts';
import { createServer } from './server.ts';

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(
    `Shoal signal server: invalid configuration\n${parsed.error.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
const config = parsed.value;
const logger = createLogger(config.logLevel);

process.on('unhandledRejection', (reason) =>
  logger.error('unhandled-rejection', { error: String(reason) }),
);

let server;
try {
  server = await createServer(config, { logger });
} catch (error) {
  logger.error('startup-failed', { error: String(error) });
  process.stderr.write(`Shoal signal server could not start: ${String(error)}\n`);
  process.exit(1);
}
logger.info('listening', {
  url: server.url,
  stunPort: server.stunPort ?? 'off',
  ...describeConfig(config),
});

const running = server;
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) {
    logger.warn('forced-exit', { signal });
    process.exit(1);
  }
  stopping = true;
  logger.info('shutdown', { signal });
  const force = setTimeout(() => {
    logger.warn('shutdown-timeout', { graceMs: config.shutdownGraceMs });
    process.exit(1);
  }, config.shutdownGraceMs);
  force.unref();
  running.close().then(
    () => {
      logger.info('stopped');
      process.exit(0);
    },
    (error: unknown) => {
      logger.error('shutdown-failed', { error: String(error) });
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
