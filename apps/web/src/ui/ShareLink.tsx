import { useState } from 'react';
import { QrCode } from './QrCode.tsx';

/** The link to send: a read-only textbox, a copy button and a QR code. */
export function ShareLink({ link }: { link: string }) {
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
          Send this link. Whoever opens it downloads straight from this browser.
        </label>
        <div className="row link-row" style={{ marginTop: 6 }}>
          <input
            id="share-link"
            aria-label="Share link"
            readOnly
            value={link}
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="primary" onClick={() => void copy()}>
            Copy link
          </button>
        </div>
        <p className="muted" role="status" style={{ minHeight: '1.5em', margin: '6px 0 0' }}>
          {copied === 'copied'
            ? 'Link copied.'
            : copied === 'failed'
              ? 'Could not copy: select the link and copy it by hand.'
              : ''}
        </p>
      </div>
      <QrCode text={link} label="QR code of the share link" />
    </div>
  );
}
