import { useEffect, useState } from 'react';

/**
 * A polite live region, visually hidden: screen readers read `message` each
 * time it changes, and nothing else. It starts empty and takes the message
 * after it is in the page, since a region that appears with its text already
 * in it is not read out. Errors have their own role="alert".
 */
export function LiveAnnouncer({ message }: { message: string | null }) {
  const [shown, setShown] = useState('');
  useEffect(() => setShown(message ?? ''), [message]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {shown}
    </div>
  );
}
