import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseLink, ShoalError } from '@shoal/core';
import { DownloadPage } from './pages/DownloadPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { Settings } from './pages/Settings.tsx';
import { missingFeatures } from './ui/browser-support.ts';
import { ConnectionBadge } from './ui/ConnectionBadge.tsx';
import { UnsupportedBrowser } from './ui/UnsupportedBrowser.tsx';
import { messageFor } from './ui/messages.ts';

/** The fragment decides the page: none is home, a share id is a download. */
function useFragment(): string {
  const [fragment, setFragment] = useState(() => location.hash.slice(1));
  useEffect(() => {
    const onChange = () => setFragment(location.hash.slice(1));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return fragment;
}

/** What this browser lacks, checked once: it does not change while the page runs. */
const MISSING = missingFeatures(globalThis);

export function App() {
  const { t } = useTranslation();
  const fragment = useFragment();
  const route = useMemo(() => {
    if (fragment === '') return { page: 'home' as const };
    try {
      return { page: 'download' as const, shareId: parseLink(`#${fragment}`) };
    } catch (error) {
      return {
        page: 'bad-link' as const,
        code: error instanceof ShoalError ? error.code : 'malformed-link',
      };
    }
  }, [fragment]);

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>
            <a href="/">Shoal</a>
          </h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <Settings />
      </header>
      <ConnectionBadge />
      <main>
        {MISSING.length > 0 && route.page !== 'bad-link' ? (
          <UnsupportedBrowser missing={MISSING} downloading={route.page === 'download'} />
        ) : null}
        {route.page === 'home' && MISSING.length === 0 ? <HomePage /> : null}
        {route.page === 'download' && MISSING.length === 0 ? (
          <DownloadPage key={fragment} shareId={route.shareId} />
        ) : null}
        {route.page === 'bad-link' ? (
          <section className="card">
            <h2>{t('app.badLinkHeading')}</h2>
            <p className="notice error" role="alert">
              {messageFor(t, route.code)}
            </p>
            <a className="button" href="/">
              {t('app.shareOwn')}
            </a>
          </section>
        ) : null}
      </main>
    </div>
  );
}
