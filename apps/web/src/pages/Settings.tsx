import { useState } from 'react';
import { loadUploadLimit, saveUploadLimit } from '../session/settings.ts';
import { settingsChanged } from '../session/settings-events.ts';

const MIB = 1024 * 1024;

/** The upload rate limit, in MiB/s; empty means no limit. Applies to running shares at once. */
export function Settings() {
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
    if (!Number.isFinite(mib) || mib <= 0)
      return setError('Enter a number of MiB/s above 0, or leave it empty for no limit.');
    setError(null);
    saveUploadLimit(Math.round(mib * MIB));
    settingsChanged();
  };
  return (
    <details className="settings">
      <summary>Settings</summary>
      <label htmlFor="upload-limit">Upload limit (MiB/s)</label>{' '}
      <input
        id="upload-limit"
        inputMode="decimal"
        placeholder="no limit"
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
    </details>
  );
}
