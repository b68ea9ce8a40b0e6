import { useState } from 'react';
import {
  loadHideAddress,
  loadUploadLimit,
  saveHideAddress,
  saveUploadLimit,
} from '../session/settings.ts';
import { settingsChanged } from '../session/settings-events.ts';

const MIB = 1024 * 1024;

/**
 * The upload rate limit, in MiB/s (empty means no limit), and whether to hide
 * this browser's address from peers. Both apply to running shares at once.
 */
export function Settings() {
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
          Hide my address from peers
        </label>
      </p>
      <p id="hide-address-help" className="muted">
        Connects only through the server&apos;s relay, so other browsers see the relay&apos;s
        address, not yours (the relay&apos;s operator still sees it). Slower, and only possible when
        the server offers a relay. Applies to connections made from now on.
      </p>
    </details>
  );
}
