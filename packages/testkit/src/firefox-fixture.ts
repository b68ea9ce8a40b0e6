// One Firefox shared by the tests of a spec file (or describe block): launching
// it costs seconds, and every Firefox test needs one.
import { test } from '@playwright/test';
import { launchFirefox, type LaunchedFirefox } from './firefox.ts';

/**
 * Launches Firefox before the tests of the enclosing file or describe block and
 * closes it after them; call at that level. The returned function gives the
 * running browser inside a test.
 */
export function useFirefox(prefs: Record<string, unknown> = {}): () => LaunchedFirefox {
  let launched: LaunchedFirefox | undefined;
  test.beforeAll(async () => {
    launched = await launchFirefox(prefs);
  });
  test.afterAll(async () => {
    await launched?.close();
  });
  return () => {
    if (launched === undefined) throw new Error('useFirefox: Firefox is not running yet');
    return launched;
  };
}
