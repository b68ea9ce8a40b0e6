import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QrCode } from './QrCode.tsx';

/** The link to send: a read-only textbox, a copy button and a QR code. */
export function ShareLink({ link }: { link: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="share-grid">
      <div>
        <label htmlFor="share-link" className="muted">
          {t('link.explain')}
        </label>
        <div className="row link-row" style={{ marginTop: 6 }}>
          <input
            id="share-link"
            aria-label={t('link.label')}
            readOnly
            // A URL reads left to right, in an Arabic page too.
            dir="ltr"
            value={link}
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="primary" onClick={() => void copy()}>
            {t('link.copy')}
          </button>
        </div>
        <p className="muted" role="status" style={{ minHeight: '1.5em', margin: '6px 0 0' }}>
          {copied === 'copied' ? t('link.copied') : copied === 'failed' ? t('link.copyFailed') : ''}
        </p>
      </div>
      <QrCode text={link} label={t('link.qr')} />
    </div>
  );
}
