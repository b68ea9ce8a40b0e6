export {
  chromiumPath,
  firefoxPath,
  redisServerPath,
  missingSystemPackages,
} from './system-deps.js';
export { CHROMIUM_ARGS, chromiumLaunchOptions } from './chromium.ts';
export { freePort } from './ports.ts';
export { startRedis, stopProcess, type RunningRedis } from './redis.ts';
