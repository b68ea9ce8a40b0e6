// Page side of saving: make sure the service worker controls this page, leave it
// a ticket, and point the browser's download manager at /save/<ticket>.
import { createSaveTicket, SAVE_PATH_PREFIX } from './save-tickets.ts';

/** How long to wait for a fresh service worker to take control of the page. */
const CONTROL_TIMEOUT_MS = 5_000;

export class SaveUnavailableError extends Error {
  readonly code = 'save-unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'SaveUnavailableError';
  }
}

/** Registers the save service worker; call once at start-up. */
export function registerSaveWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Saving will explain itself when used; the rest of the app works without it.
  });
}

async function controllingWorker(): Promise<ServiceWorker> {
  if (!('serviceWorker' in navigator)) {
    throw new SaveUnavailableError(
      'This browser cannot save downloads from Shoal (no service workers; private windows in some browsers turn them off).',
    );
  }
  const controller = navigator.serviceWorker.controller;
  if (controller) return controller;
  await navigator.serviceWorker.ready;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new SaveUnavailableError('The save worker did not start. Reload the page and try again.'),
        ),
      CONTROL_TIMEOUT_MS,
    );
    const check = () => {
      const now = navigator.serviceWorker.controller;
      if (!now) return;
      clearTimeout(timer);
      navigator.serviceWorker.removeEventListener('controllerchange', check);
      resolve(now);
    };
    navigator.serviceWorker.addEventListener('controllerchange', check);
    check();
  });
}

/** Saves file `fileIndex` of a stored share to disk, streamed from IndexedDB. */
export async function saveFile(shareKey: string, fileIndex: number): Promise<void> {
  await controllingWorker();
  const ticket = await createSaveTicket(shareKey, fileIndex);
  const link = document.createElement('a');
  link.href = `${SAVE_PATH_PREFIX}${ticket}`;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}
