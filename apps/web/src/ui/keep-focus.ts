import { useEffect, useRef, type RefObject } from 'react';

/**
 * Keeps keyboard focus inside `container` when the control holding it leaves
 * the page: Download turns into Pause, Pause goes when the download completes,
 * Cancel makes way for its question. The browser drops focus to <body> then,
 * and a keyboard or screen-reader user would start over from the top of the
 * page; this moves it to `fallback()` instead (if that finds an element).
 *
 * A native listener: React silences its own events while it commits, and the
 * browser fires focusout during that commit, as it removes the element.
 */
export function useKeepFocus(
  container: RefObject<HTMLElement | null>,
  fallback: () => HTMLElement | null | undefined,
): void {
  const latest = useRef(fallback);
  latest.current = fallback;
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const onFocusOut = (event: FocusEvent) => {
      const left = event.target;
      if (!(left instanceof HTMLElement) || event.relatedTarget !== null) return;
      // Focus left without going anywhere: once the commit is over, see whether
      // its element was removed (not merely blurred by a click on plain text).
      queueMicrotask(() => {
        const focused = document.activeElement;
        if (left.isConnected || (focused !== null && focused !== document.body)) return;
        latest.current()?.focus();
      });
    };
    element.addEventListener('focusout', onFocusOut);
    return () => element.removeEventListener('focusout', onFocusOut);
  }, [container]);
}
