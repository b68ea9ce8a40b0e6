// What a long transfer asks of the device and the user's attention: the screen
// stays awake while bytes move (a sleeping phone drops its connections), and a
// download that finishes in a background tab says so in the tab's title and,
// if the user allowed it, in a notification.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

interface WakeLockSentinelLike {
  release(): Promise<void>;
}
interface WakeLockNavigator {
  wakeLock?: { request(type: 'screen'): Promise<WakeLockSentinelLike> };
}

/**
 * Holds a screen wake lock while `active`, where the browser has the Screen Wake
 * Lock API. The browser drops the lock whenever the page is hidden, so it is
 * asked for again each time the page comes back.
 */
export function useWakeLock(active: boolean): void {
  useEffect(() => {
    const wakeLock = (navigator as WakeLockNavigator).wakeLock;
    if (!active || !wakeLock) return;
    let held: WakeLockSentinelLike | null = null;
    let live = true;
    const acquire = () => {
      if (document.visibilityState !== 'visible') return;
      wakeLock.request('screen').then(
        (sentinel) => {
          if (live) held = sentinel;
          else void sentinel.release();
        },
        () => {
          // Refused (battery saver, a policy): the transfer goes on regardless.
        },
      );
    };
    acquire();
    document.addEventListener('visibilitychange', acquire);
    return () => {
      live = false;
      document.removeEventListener('visibilitychange', acquire);
      void held?.release().catch(() => undefined);
    };
  }, [active]);
}

/**
 * When `done` turns true while the page is hidden: the title says so until the
 * user comes back, and a notification too if they allowed notifications.
 */
export function useCompletionNotice(done: boolean, what: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    if (!done || document.visibilityState === 'visible') return;
    const title = document.title;
    document.title = t('attention.doneTitle', { what });
    if (typeof Notification === 'function' && Notification.permission === 'granted') {
      new Notification(t('attention.doneNotice'), { body: what, tag: 'shoal-download' });
    }
    const restore = () => {
      if (document.visibilityState !== 'visible') return;
      document.title = title;
      document.removeEventListener('visibilitychange', restore);
    };
    document.addEventListener('visibilitychange', restore);
    return () => {
      document.removeEventListener('visibilitychange', restore);
      document.title = title;
    };
  }, [done, what, t]);
}
