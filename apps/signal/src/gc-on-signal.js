// Test-only preload (abuse.test.ts passes it in NODE_OPTIONS; the server never loads
// it): SIGUSR2 runs a full garbage collection, so a test can read the memory a
// process settles at instead of wherever V8 last chose to size its heap.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** @type {() => void} */
const gc = runInNewContext('gc');

process.on('SIGUSR2', () => {
  gc();
  process.stderr.write('gc-on-signal: collected\n');
});
