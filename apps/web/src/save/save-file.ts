// Page side of saving: make sure the service worker controls this page, leave it
// a ticket, and point the browser's download manager at /save/<ticket>. Where
// no worker can run, the page saves by itself (save-in-page.ts).
import { KEEP_ALIVE_MESSAGE } from './keep-alive.ts';
import { MAX_ZIP_FILES, type SaveRequest } from './save-request.ts';
import { saveInPage } from './save-in-page.ts';
import { createSaveTicket, SAVE_PATH_PREFIX } from './save-tickets.ts';

/** How long to wait for a fresh service worker to take control of the page. */
const CONTROL_TIMEOUT_MS = 5_000;

/**
 * How long a save waits for the worker before the page saves by itself. The
 * worker takes control at start-up (registerSaveWorker), so one not in control
 * by now is not coming (registration blocked, or it failed to start); and the
 * click's user activation, which a file picker needs, lasts only ~5 s.
 */
const SAVE_WORKER_WAIT_MS = 1_000;

/** "Save all" was asked for more files than one ZIP can list for every unzipper (MAX_ZIP_FILES). */
export class TooManyFilesForZipError extends Error {
  readonly code = 'zip-too-many-files';
  constructor(readonly files: number) {
    super(`${files} files are more than one ZIP can hold (${MAX_ZIP_FILES})`);
    this.name = 'TooManyFilesForZipError';
  }
}

export class SaveUnavailableError extends Error {
  readonly code = 'save-unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'SaveUnavailableError';
  }
}

/** The browser refused to register the worker: saves go by the page from then on. */
let registrationFailed = false;

/** Whether a service worker can save (and play) here: the browser has them and took ours. */
export function workerAvailable(): boolean {
  return 'serviceWorker' in navigator && !registrationFailed;
}

/** Registers the save service worker; call once at start-up. */
export function registerSaveWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // The worker asks while it writes a ZIP (keep-alive.ts); the answer keeps it running.
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data === KEEP_ALIVE_MESSAGE)
      (event.source as ServiceWorker | null)?.postMessage(KEEP_ALIVE_MESSAGE);
  });
  navigator.serviceWorker.startMessages();
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Saving goes by the page instead (save-in-page.ts); playing says it cannot.
    registrationFailed = true;
  });
}

/** The worker that controls this page, once it does; SaveUnavailableError after `timeoutMs`. */
export async function controllingWorker(timeoutMs = CONTROL_TIMEOUT_MS): Promise<ServiceWorker> {
  if (!('serviceWorker' in navigator)) {
    throw new SaveUnavailableError(
      'This browser cannot save downloads from Shoal (no service workers; private windows in some browsers turn them off).',
    );
  }
  const container = navigator.serviceWorker;
  if (container.controller) return container.controller;
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      container.removeEventListener('controllerchange', check);
    };
    const timer = setTimeout(() => {
      stop();
      reject(
        new SaveUnavailableError('The save worker did not start. Reload the page and try again.'),
      );
    }, timeoutMs);
    const check = () => {
      const now = container.controller;
      if (!now) return;
      stop();
      resolve(now);
    };
    container.addEventListener('controllerchange', check);
    check();
  });
}

/** Saves file `fileIndex` of a stored share to disk, streamed from IndexedDB. */
export async function saveFile(shareKey: string, fileIndex: number): Promise<void> {
  await save({ shareKey, fileIndex });
}

/**
 * Saves files `fileIndices` of a stored share to disk as one ZIP archive named
 * after the share, streamed from IndexedDB; folders are kept as folders in it.
 */
export async function saveAll(
  shareKey: string,
  fileIndices: number[],
  title?: string,
): Promise<void> {
  if (fileIndices.length > MAX_ZIP_FILES) throw new TooManyFilesForZipError(fileIndices.length);
  await save(title === undefined ? { shareKey, fileIndices } : { shareKey, fileIndices, title });
}

async function save(request: SaveRequest): Promise<void> {
  if (!workerAvailable()) return saveInPage(request);
  try {
    await controllingWorker(SAVE_WORKER_WAIT_MS);
  } catch {
    return saveInPage(request);
  }
  const ticket = await createSaveTicket(request);
  const link = document.createElement('a');
  link.href = `${SAVE_PATH_PREFIX}${ticket}`;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}
