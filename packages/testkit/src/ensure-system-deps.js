#!/usr/bin/env node
// First step of `npm test`: make sure the system packages the tests drive are here.
// As root it installs what is missing with apt-get; otherwise it stops and prints
// the exact command to run.
import { execFileSync } from 'node:child_process';
import { missingSystemPackages } from './system-deps.js';

const missing = missingSystemPackages();
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Shoal's tests need these system packages: ${missing.join(', ')}.`);
  console.error(`Install them with:\n\n  sudo sh -c '${command}'\n`);
  process.exit(1);
}

console.log(`Installing system packages for the tests: ${missing.join(', ')}`);
execFileSync('sh', ['-c', command], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
const stillMissing = missingSystemPackages();
if (stillMissing.length > 0) {
  console.error(`Still missing after apt-get: ${stillMissing.join(', ')}`);
  process.exit(1);
}
