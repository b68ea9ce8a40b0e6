// Every page of Shoal in each language it ships: English, German (chosen from
// the browser's language) and Arabic (chosen in Settings, remembered, and laid
// out right to left). A page that shows a string which did not go through the
// translations fails here: in Arabic any leftover English word is caught, and
// in German any English sentence of en.json.
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expect, test, randomFile, sha256, type TestFile } from '@shoal/testkit';
import type { TFunction } from 'i18next';
import { createI18n, RESOURCES } from '../src/i18n/i18n.ts';
import { LANGUAGES, type Language } from '../src/i18n/languages.ts';

const MIB = 1024 * 1024;
const FILES = [randomFile('alpha.bin', 3 * MIB), randomFile('beta.bin', 1 * MIB)];

/**
 * Latin-script words an Arabic page may show: product and technology names,
 * the language switch's names of languages (each in itself), the test's own
 * file names. Anything else in Latin letters is English that
 * skipped the translations.
 */
const NAMES_KEPT_IN_LATIN =
  /\b(Shoal|WebRTC|IndexedDB|Web Crypto|Firefox|Chrome|Edge|Safari|ZIP|QR|IP|English|Deutsch|alpha\.bin|beta\.bin)\b/g;

/**
 * Every string a person can read or hear: text, accessible names, placeholders,
 * the title; less the peers' short ids, which are random letters.
 */
async function everythingSaid(page: Page): Promise<string> {
  const { said, peerIds } = await page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [title]')].map(
      (element) =>
        ['aria-label', 'placeholder', 'title']
          .map((name) => element.getAttribute(name) ?? '')
          .join('\n'),
    );
    return {
      said: [document.title, document.body.innerText, ...attributes].join('\n'),
      peerIds: [...document.querySelectorAll('[data-peer-id]')].map(
        (element) => element.getAttribute('data-peer-id') ?? '',
      ),
    };
  });
  return peerIds.reduce((text, id) => text.replaceAll(id.slice(0, 6), ''), said);
}

/** English sentences (the parts of en.json's strings between blanks) long enough to be unmistakable. */
function englishSentences(): string[] {
  const found: string[] = [];
  const walk = (tree: object) => {
    for (const value of Object.values(tree)) {
      if (typeof value === 'string') {
        for (const part of value.split(/\{\{[^}]*\}\}/))
          if (part.trim().length >= 12) found.push(part.trim());
      } else walk(value as object);
    }
  };
  walk(RESOURCES.en.translation);
  return found;
}

/** Fails if the page says anything in a language other than `language`. */
async function expectAllIn(page: Page, language: Language, where: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await expect(page.locator('html')).toHaveAttribute('dir', LANGUAGES[language].dir);
  const said = await everythingSaid(page);
  if (language === 'ar') {
    const leftover = said
      .replace(NAMES_KEPT_IN_LATIN, '')
      .replace(/https?:\/\/\S+/g, '')
      .match(/[A-Za-z]{2,}/g);
    expect(leftover, `English left on the Arabic ${where}`).toBeNull();
  }
  if (language === 'de') {
    const english = englishSentences().filter((sentence) => said.includes(sentence));
    expect(english, `English left on the German ${where}`).toEqual([]);
  }
}

/** A browser context that speaks `language`: German from the browser's own language, Arabic chosen in Settings. */
async function contextIn(browser: Browser, language: Language): Promise<BrowserContext> {
  if (language === 'de') return browser.newContext({ locale: 'de-DE' });
  const context = await browser.newContext({ locale: 'en-US' });
  if (language === 'ar') {
    const page = await context.newPage();
    await page.goto('/');
    const t = createI18n('en').t;
    await page.getByText(t('settings.summary'), { exact: true }).click();
    await page.getByLabel(t('settings.language')).selectOption(LANGUAGES.ar.name);
    // The switch applies at once, without a reload.
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.close();
  }
  return context;
}

async function shareIn(page: Page, t: TFunction, files: TestFile[]): Promise<string> {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: t('dropZone.chooseFiles') }).click();
  await (await chooser).setFiles(files);
  const link = page.getByRole('textbox', { name: t('link.label') });
  await expect(link).toHaveValue(/#[A-Za-z0-9_-]{43}$/, { timeout: 60_000 });
  return link.inputValue();
}

for (const language of Object.keys(LANGUAGES) as Language[]) {
  test(`every page reads in ${LANGUAGES[language].name} (${language}), and a download in it saves identical`, async ({
    browser,
  }) => {
    const { t } = createI18n(language);
    const sharerContext = await contextIn(browser, language);
    const sharer = await sharerContext.newPage();

    // Home, with Settings open: the choice made there (Arabic) is remembered across a reload.
    await sharer.goto('/');
    await sharer.getByText(t('settings.summary'), { exact: true }).click();
    await expect(sharer.getByLabel(t('settings.language'))).toHaveValue(language);
    await expect(sharer.getByRole('heading', { name: t('home.shareHeading') })).toBeVisible();
    await expectAllIn(sharer, language, 'home page with Settings open');

    // Sharing.
    const link = await shareIn(sharer, t, FILES);
    await expect(sharer.getByRole('heading', { name: t('home.sharingHeading') })).toBeFocused();
    await expectAllIn(sharer, language, 'sharing page');

    // The download page, before and after the download.
    const downloaderContext = await contextIn(browser, language);
    const downloader = await downloaderContext.newPage();
    await downloader.goto(link);
    const files = downloader.getByRole('list', { name: t('files.label') });
    await expect(files.getByText('alpha.bin', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expectAllIn(downloader, language, 'download page');
    await downloader.getByRole('button', { name: t('download.start'), exact: true }).click();
    await expect(
      downloader.getByRole('progressbar', { name: t('status.progress') }),
    ).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
    await expect(downloader.getByText(t('download.complete'))).toBeVisible();
    await expectAllIn(downloader, language, 'finished download');
    const save = downloader.waitForEvent('download');
    await downloader
      .getByRole('button', { name: t('files.saveName', { name: 'beta.bin' }) })
      .click();
    expect(sha256(await readFile(await (await save).path()))).toBe(sha256(FILES[1]!.buffer));
    // Save all: the archive is named in the language too ("alpha.bin und 1 weitere.zip").
    const zip = downloader.waitForEvent('download');
    await downloader.getByRole('button', { name: t('download.saveAllZip') }).click();
    expect((await zip).suggestedFilename()).toBe(
      `${t('title.andMore', { first: 'alpha.bin', count: 1 })}.zip`,
    );

    // The home page lists what this browser holds.
    await downloader.goto('/');
    await expect(downloader.getByRole('list', { name: t('stored.listLabel') })).toBeVisible();
    await expectAllIn(downloader, language, 'stored shares');

    // A broken link.
    await downloader.goto('/#not-a-link');
    await expect(downloader.getByRole('heading', { name: t('app.badLinkHeading') })).toBeVisible();
    await expectAllIn(downloader, language, 'broken-link page');

    // A browser without WebRTC.
    const bareContext = await contextIn(browser, language);
    await bareContext.addInitScript('delete window.RTCPeerConnection;');
    const bare = await bareContext.newPage();
    await bare.goto(link);
    await expect(
      bare.getByRole('heading', { name: t('unsupported.headingDownload') }),
    ).toBeVisible();
    await expectAllIn(bare, language, 'page of a browser without WebRTC');

    if (LANGUAGES[language].dir === 'rtl') {
      // Mirrored: the name stands at the right of the header, Settings at the left.
      const name = await sharer.getByRole('link', { name: 'Shoal' }).boundingBox();
      const settings = await sharer.getByText(t('settings.summary'), { exact: true }).boundingBox();
      expect(name!.x).toBeGreaterThan(settings!.x);
    }
    await Promise.all([sharerContext.close(), downloaderContext.close(), bareContext.close()]);
  });
}
