// Issue 17: share a file and download it in another browser with the keyboard
// alone. The test moves with Tab and Shift+Tab, presses Enter and Space, types,
// and never clicks; at every stop it checks that the focused control shows a
// focus ring a sighted keyboard user can see.
import { readFile } from 'node:fs/promises';
import { type Locator, type Page } from '@playwright/test';
import { expect, test, randomFile, sha256, waitForComplete } from '@shoal/testkit';

const MIB = 1024 * 1024;

/** Most key presses to reach a control: more means the tab order has gone wrong. */
const MOST_PRESSES = 20;

/** WCAG 1.4.11: a focus indicator needs 3:1 against what surrounds it. */
const FOCUS_RING_CONTRAST = 3;

interface FocusRing {
  /** The focused element, for messages: tag and text or label. */
  element: string;
  focusVisible: boolean;
  outlineStyle: string;
  outlineWidth: number;
  boxShadow: string;
  /** The outline's colour over what lies behind it, and that backdrop (sRGB 0–255). */
  ring: number[];
  backdrop: number[];
}

/** How the focused element shows its focus; null when nothing has it. */
function focusRing(page: Page): Promise<FocusRing | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    // Paint the backgrounds of its ancestors, outermost first, then the
    // outline on top, and read the two colours back.
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const layers: string[] = [];
    for (let node = element.parentElement; node; node = node.parentElement) {
      layers.unshift(getComputedStyle(node).backgroundColor);
    }
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 1, 1);
    for (const layer of layers) {
      context.fillStyle = layer;
      context.fillRect(0, 0, 1, 1);
    }
    const backdrop = [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    context.fillStyle = style.outlineColor;
    context.fillRect(0, 0, 1, 1);
    const ring = [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    const name =
      element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
    return {
      element: `<${element.tagName.toLowerCase()}> "${name}"`,
      focusVisible: element.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      boxShadow: style.boxShadow,
      ring,
      backdrop,
    };
  });
}

/** WCAG's contrast ratio of two sRGB colours. */
function contrast(a: number[], b: number[]): number {
  const luminance = (rgb: number[]) => {
    const [r, g, bl] = rgb.map((value) => {
      const channel = value / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/**
 * Fails unless the focused element shows it: it matches :focus-visible, and
 * has an outline (the browser's own 'auto' ring, or one of at least 3:1
 * against its backdrop) or a box shadow. Returns the element, for messages.
 */
async function expectVisibleFocus(page: Page): Promise<string> {
  const focus = await focusRing(page);
  expect(focus, 'something has focus').not.toBeNull();
  const { element, focusVisible, outlineStyle, outlineWidth, boxShadow, ring, backdrop } = focus!;
  expect(focusVisible, `${element} matches :focus-visible`).toBe(true);
  const outlined = outlineStyle !== 'none' && outlineWidth >= 1;
  expect(outlined || boxShadow !== 'none', `${element} shows a focus ring`).toBe(true);
  if (outlined && outlineStyle !== 'auto') {
    const ratio = contrast(ring, backdrop);
    expect(
      ratio,
      `${element}: focus ring rgb(${ring.join(' ')}) on rgb(${backdrop.join(' ')})`,
    ).toBeGreaterThanOrEqual(FOCUS_RING_CONTRAST);
  }
  return element;
}

/**
 * Presses `key` (Tab, or Shift+Tab to go back) until `target` has focus,
 * checking the focus ring at every stop; fails after MOST_PRESSES presses,
 * naming the stops on the way.
 */
async function moveTo(page: Page, target: Locator, key = 'Tab'): Promise<void> {
  await expect(target).toBeVisible();
  const stops: string[] = [];
  for (let presses = 0; ; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    if (presses === MOST_PRESSES) {
      throw new Error(`${MOST_PRESSES} × ${key} did not reach ${target}: ${stops.join(' → ')}`);
    }
    await page.keyboard.press(key);
    stops.push(await expectVisibleFocus(page));
  }
}

test('a file is shared and downloaded in another browser with the keyboard alone', async ({
  browser,
}) => {
  // 8 MiB at the 1 MiB/s the sharer sets: the download runs for seconds, so
  // the test can pause it before it is done and see where focus goes as
  // Download turns into Pause, Pause into Resume, and back.
  const file = randomFile('minutes.pdf', 8 * MIB, 'application/pdf');

  const sharer = await (await browser.newContext()).newPage();
  await sharer.goto('/');
  // Settings: open it with Enter, type the upload limit, close it with Space.
  const settings = sharer.locator('summary', { hasText: 'Settings' });
  await moveTo(sharer, settings);
  await sharer.keyboard.press('Enter');
  const limit = sharer.getByLabel('Upload limit (MiB/s)');
  await moveTo(sharer, limit);
  await sharer.keyboard.type('1');
  await moveTo(sharer, settings, 'Shift+Tab');
  await sharer.keyboard.press('Space');
  await expect(limit).toBeHidden();

  await moveTo(sharer, sharer.getByRole('button', { name: 'Choose files' }));
  // The operating system's file dialog is the one step no page can drive by
  // keyboard: the test answers it as the user would, by naming the file.
  const chooser = sharer.waitForEvent('filechooser');
  await sharer.keyboard.press('Enter');
  await (await chooser).setFiles(file);

  // Sharing starts with focus on its heading; the next Tab is the link.
  await expect(sharer.getByRole('heading', { name: 'Sharing' })).toBeFocused({ timeout: 60_000 });
  await expectVisibleFocus(sharer);
  const linkBox = sharer.getByRole('textbox', { name: 'Share link' });
  await moveTo(sharer, linkBox);
  const link = await sharer.evaluate(() => (document.activeElement as HTMLInputElement).value);
  expect(link).toMatch(/#[A-Za-z0-9_-]{43}$/);

  const downloader = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await downloader.goto(link);
  await expect(downloader.getByRole('list', { name: 'Files' })).toContainText(file.name, {
    timeout: 30_000,
  });
  await moveTo(downloader, downloader.getByRole('button', { name: 'Download', exact: true }));
  await downloader.keyboard.press('Enter');
  // Download goes, and focus with it to Pause, not back to the top of the page.
  const pause = downloader.getByRole('button', { name: 'Pause' });
  await expect(pause).toBeFocused();
  await expectVisibleFocus(downloader);
  // Pause, and ask to cancel but go on: focus follows each step. Paused, the
  // download cannot finish under the test's feet.
  await downloader.keyboard.press('Space');
  const resume = downloader.getByRole('button', { name: 'Resume' });
  await expect(resume).toBeFocused();
  await moveTo(downloader, downloader.getByRole('button', { name: 'Cancel' }));
  await downloader.keyboard.press('Enter');
  await expect(downloader.getByRole('button', { name: 'Go on downloading' })).toBeFocused();
  await expectVisibleFocus(downloader);
  await downloader.keyboard.press('Enter');
  await expect(resume).toBeFocused();
  await downloader.keyboard.press('Enter');
  await expect(pause).toBeFocused();

  await waitForComplete(downloader);
  // Pause goes too, and focus moves on to the file's Save: no Tab is needed
  // (moveTo presses none when the target has focus already).
  const save = downloader.getByRole('button', { name: `Save ${file.name}` });
  await expect(save).toBeFocused();
  await moveTo(downloader, save);
  await expectVisibleFocus(downloader);
  const download = downloader.waitForEvent('download');
  await downloader.keyboard.press('Enter');
  const saved = await readFile(await (await download).path());
  expect(sha256(saved)).toBe(sha256(file.buffer));
});
