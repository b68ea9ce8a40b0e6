import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../i18n/i18n.ts';
import { isLanguage, LANGUAGES } from '../i18n/languages.ts';
import {
  loadHideAddress,
  loadUploadLimit,
  saveHideAddress,
  saveUploadLimit,
} from '../session/settings.ts';
import { settingsChanged } from '../session/settings-events.ts';

const MIB = 1024 * 1024;

/**
 * The language, the upload rate limit in MiB/s (empty means no limit), and
 * whether to hide this browser's address from peers. All apply at once.
 */
export function Settings() {
  const { t, i18n } = useTranslation();
  const [hideAddress, setHideAddress] = useState(loadHideAddress);
  const [value, setValue] = useState(() => {
    const limit = loadUploadLimit();
    return limit === null ? '' : String(limit / MIB);
  });
  const [error, setError] = useState<string | null>(null);
  const apply = (text: string) => {
    setValue(text);
    const trimmed = text.trim();
    if (trimmed === '') {
      setError(null);
      saveUploadLimit(null);
      return settingsChanged();
    }
    const mib = Number(trimmed);
    if (!Number.isFinite(mib) || mib <= 0) return setError(t('settings.uploadLimitInvalid'));
    setError(null);
    saveUploadLimit(Math.round(mib * MIB));
    settingsChanged();
  };
  return (
    <details className="settings">
      <summary>{t('settings.summary')}</summary>
      <p>
        <label htmlFor="language">{t('settings.language')}</label>{' '}
        <select
          id="language"
          value={i18n.language}
          onChange={(event) => {
            const chosen = event.currentTarget.value;
            if (isLanguage(chosen)) chooseLanguage(i18n, chosen);
          }}
        >
          {Object.entries(LANGUAGES).map(([code, { name }]) => (
            // Each named in itself, and marked so a screen reader pronounces it right.
            <option key={code} value={code} lang={code}>
              {name}
            </option>
          ))}
        </select>
      </p>
      <label htmlFor="upload-limit">{t('settings.uploadLimit')}</label>{' '}
      <input
        id="upload-limit"
        inputMode="decimal"
        placeholder={t('settings.noLimit')}
        value={value}
        size={8}
        aria-describedby={error ? 'upload-limit-error' : undefined}
        onChange={(event) => apply(event.currentTarget.value)}
      />
      {error ? (
        <p id="upload-limit-error" className="notice error" role="alert">
          {error}
        </p>
      ) : null}
      <p>
        <label>
          <input
            type="checkbox"
            checked={hideAddress}
            aria-describedby="hide-address-help"
            onChange={(event) => {
              const hide = event.currentTarget.checked;
              setHideAddress(hide);
              saveHideAddress(hide);
              settingsChanged();
            }}
          />{' '}
          {t('settings.hideAddress')}
        </label>
      </p>
      <p id="hide-address-help" className="muted">
        {t('settings.hideAddressHelp')}
      </p>
    </details>
  );
}
