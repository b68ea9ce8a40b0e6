// Saving through the real app: press each file's Save button the way a person
// does, let Chromium's download manager write the files into a directory, and
// wait until every one is whole on disk. The bench's peers are launched with
// acceptDownloads: false, so downloads are allowed here, through the DevTools
// protocol, for as long as saveAll runs.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';

/** Longest saving every file may take: a 4 GiB file at a slow 10 MiB/s fits. */
const SAVE_TIMEOUT_MS = 15 * 60 * 1000;
/** Longest from pressing Save to Chromium starting the download (the service worker answers at once). */
const START_TIMEOUT_MS = 30_000;
/** How often the disk is looked at once Chromium reports a download complete. */
const DISK_POLL_MS = 100;
/** Chromium writes a download to this name and renames it once complete. */
const PARTIAL_SUFFIX = '.crdownload';

export interface SaveOptions {
  /** Give up after this long, counted from the first press of Save. */
  timeoutMs?: number;
}

export interface SaveResult {
  /** From the first press of Save until the last file is whole on disk. */
  ms: number;
  /** Absolute paths of the saved files, in the order of the Save buttons. */
  files: string[];
}

/** What Browser.downloadProgress reports; filePath once completed. */
export interface DownloadProgress {
  guid: string;
  totalBytes: number;
  receivedBytes: number;
  state: 'inProgress' | 'completed' | 'canceled';
  filePath?: string;
}

/** One download as Chromium reports it: begun, then in progress until completed or canceled. */
export interface TrackedDownload {
  name: string;
  progress?: DownloadProgress;
}

/** Follows downloads by guid from DevTools events; pure, so tested without a browser. */
export class DownloadTracker {
  readonly #downloads = new Map<string, TrackedDownload>();
  #waiters: (() => void)[] = [];

  began(guid: string, suggestedFilename: string): void {
    this.#downloads.set(guid, { name: suggestedFilename });
    this.#wake();
  }

  progressed(progress: DownloadProgress): void {
    const download = this.#downloads.get(progress.guid);
    if (!download) return; // not one of ours (begun before saveAll listened)
    download.progress = progress;
    this.#wake();
  }

  /** Guids in the order their downloads began. */
  guids(): string[] {
    return [...this.#downloads.keys()];
  }

  get(guid: string): TrackedDownload | undefined {
    return this.#downloads.get(guid);
  }

  /** Why a download failed, if it did. */
  failure(guid: string): string | undefined {
    const download = this.#downloads.get(guid);
    const progress = download?.progress;
    if (progress?.state !== 'canceled') return undefined;
    return `saving ${download!.name} was canceled after ${progress.receivedBytes} of ${progress.totalBytes} bytes`;
  }

  /**
   * Name, size and (where Chromium says) path of a completed download;
   * undefined until Chromium reports it complete.
   */
  completed(guid: string): { name: string; bytes: number; filePath?: string } | undefined {
    const download = this.#downloads.get(guid);
    const progress = download?.progress;
    if (progress?.state !== 'completed') return undefined;
    return { name: download!.name, bytes: progress.totalBytes, filePath: progress.filePath };
  }

  /** Resolves at the next event. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** A line per download for an error message: name, bytes received, state. */
  describe(): string {
    return [...this.#downloads.values()]
      .map(({ name, progress }) =>
        progress
          ? `${name}: ${progress.receivedBytes} of ${progress.totalBytes} bytes, ${progress.state}`
          : `${name}: begun, no progress yet`,
      )
      .join('; ');
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Settles as `promise` does, or with 'timeout' at `deadline` (a Date.now() value) if that comes first. */
async function until<T>(promise: Promise<T>, deadline: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True once `filePath` holds `bytes` bytes and Chromium's partial file beside it is gone. */
async function wholeOnDisk(filePath: string, bytes: number): Promise<boolean> {
  const size = await stat(filePath).then(
    (s) => s.size,
    () => -1,
  );
  const partial = await stat(filePath + PARTIAL_SUFFIX).then(
    () => true,
    () => false,
  );
  return size === bytes && !partial;
}

/** Presses each Save button in turn, each once its predecessor's download has begun. */
async function pressEach(buttons: Locator, tracker: DownloadTracker, deadline: number) {
  const count = await buttons.count();
  if (count === 0) throw new Error('no Save buttons: is the download complete?');
  for (let i = 0; i < count; i++) {
    const begun = tracker.guids().length;
    await buttons.nth(i).click();
    const startBy = Math.min(deadline, Date.now() + START_TIMEOUT_MS);
    while (tracker.guids().length === begun) {
      if ((await until(tracker.changed(), startBy)) === 'timeout') {
        const name = await buttons.nth(i).getAttribute('aria-label');
        throw new Error(`"${name}" started no download within ${START_TIMEOUT_MS} ms`);
      }
    }
  }
}

/** Resolves with the path of download `guid` once it is whole on disk; throws if it fails or time runs out. */
async function whole(
  guid: string,
  tracker: DownloadTracker,
  downloadDir: string,
  deadline: number,
): Promise<string> {
  for (;;) {
    const failure = tracker.failure(guid);
    if (failure) throw new Error(failure);
    const done = tracker.completed(guid);
    if (done) {
      // DevTools gives the path "depending on the platform"; without it, the name it suggested.
      const filePath = done.filePath ?? join(downloadDir, done.name);
      if (await wholeOnDisk(filePath, done.bytes)) return filePath;
    }
    // Complete but not yet renamed on disk: look again shortly. Else wait for news.
    const next = done ? new Promise((r) => setTimeout(r, DISK_POLL_MS)) : tracker.changed();
    if ((await until(next, deadline)) === 'timeout') {
      throw new Error(`saving did not finish in time: ${tracker.describe()}`);
    }
  }
}

/**
 * On a download page whose download is complete, presses each file's Save
 * button in turn and resolves once every saved file is whole in `downloadDir`,
 * under the name Chromium gave it there (a name already taken gets " (1)").
 * Throws if a save is canceled, a press starts no download within 30 s, or
 * everything takes longer than `timeoutMs` (15 minutes unless given).
 */
export async function saveAll(
  page: Page,
  downloadDir: string,
  options: SaveOptions = {},
): Promise<SaveResult> {
  const tracker = new DownloadTracker();
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Browser.downloadWillBegin', (event) =>
    tracker.began(event.guid, event.suggestedFilename),
  );
  cdp.on('Browser.downloadProgress', (event) => tracker.progressed(event as DownloadProgress));
  try {
    await cdp.send('Browser.setDownloadBehavior', {
      behavior: 'allow',
      downloadPath: downloadDir,
      eventsEnabled: true,
    });
    const started = Date.now();
    const deadline = started + (options.timeoutMs ?? SAVE_TIMEOUT_MS);
    const buttons = page
      .getByRole('list', { name: 'Files' })
      .getByRole('button', { name: /^Save / });
    await pressEach(buttons, tracker, deadline);
    const files: string[] = [];
    for (const guid of tracker.guids())
      files.push(await whole(guid, tracker, downloadDir, deadline));
    return { ms: Date.now() - started, files };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
