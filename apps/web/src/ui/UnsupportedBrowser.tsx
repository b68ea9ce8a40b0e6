import { useTranslation } from 'react-i18next';
import { describeMissing, type MissingFeature } from './browser-support.ts';

/** Shown instead of the share and download pages in a browser Shoal cannot work in. */
export function UnsupportedBrowser({
  missing,
  downloading,
}: {
  missing: readonly MissingFeature[];
  /** The page is a download link (else the home page). */
  downloading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lacking = describeMissing(missing, (feature) => t(`unsupported.${feature}`), i18n.language);
  return (
    <section className="card">
      <h2>{downloading ? t('unsupported.headingDownload') : t('unsupported.headingShare')}</h2>
      <p className="notice error" role="alert">
        {downloading
          ? t('unsupported.lacksDownload', { missing: lacking })
          : t('unsupported.lacksShare', { missing: lacking })}
      </p>
    </section>
  );
}
