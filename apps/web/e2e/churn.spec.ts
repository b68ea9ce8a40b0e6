import { type BrowserContext, type Page } from '@playwright/test';
import {
  expect,
  test,
  percentDone,
  randomFile,
  saveAndRead,
  setUploadLimit,
  sha256,
  shareFiles,
  startDownload,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;
/** Churn steps and the pause between them: bounded, about 15 s of leaving and joining. */
const CHURN_STEPS = 12;
const CHURN_INTERVAL_MS = 1_250;

/** A small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('in a swarm of five browsers where downloaders leave and come back at random, every download completes byte-identical', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const seed = Number(process.env.CHURN_SEED ?? Date.now() % 100_000);
  test.info().annotations.push({ type: 'seed', description: String(seed) });
  const random = seeded(seed);
  const file = randomFile('churn.bin', 8 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  await sharer.goto('/');
  // A slow sharer keeps the downloads going long enough for churn to hit them midway.
  await setUploadLimit(sharer, 1);
  const link = await shareFiles(sharer, [file]);

  const contexts: BrowserContext[] = [];
  const pages: (Page | null)[] = [];
  for (let i = 0; i < 4; i++) {
    contexts.push(await browser.newContext({ acceptDownloads: true }));
    pages.push(await contexts[i]!.newPage());
    await startDownload(pages[i]!, link, file.name);
  }

  let left = 0;
  let rejoined = 0;
  for (let step = 0; step < CHURN_STEPS; step++) {
    await sharer.waitForTimeout(CHURN_INTERVAL_MS);
    const i = Math.floor(random() * pages.length);
    const page = pages[i];
    if (page) {
      // Leaving: the tab closes, wherever its download was.
      await page.close();
      pages[i] = null;
      left += 1;
    } else {
      // Coming back: the same browser opens the link again and resumes from IndexedDB.
      const again = await contexts[i]!.newPage();
      await again.goto(link);
      pages[i] = again;
      rejoined += 1;
    }
  }
  for (let i = 0; i < pages.length; i++) {
    if (pages[i]) continue;
    pages[i] = await contexts[i]!.newPage();
    await pages[i]!.goto(link);
  }
  expect(left).toBeGreaterThan(0);

  for (const [i, page] of pages.entries()) {
    await test.step(`downloader ${i + 1} completes`, async () => {
      await waitForComplete(page!, 120_000);
    });
    expect(await percentDone(page!)).toBe(100);
    expect(sha256(await saveAndRead(page!, file.name))).toBe(sha256(file.buffer));
  }
  test
    .info()
    .annotations.push({ type: 'churn', description: `${left} left, ${rejoined} came back` });
});
