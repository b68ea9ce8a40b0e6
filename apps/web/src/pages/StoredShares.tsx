import { useCallback, useEffect, useState } from 'react';
import { formatBytes } from '../ui/format.ts';
import { messageFor } from '../ui/messages.ts';
import { saveFile } from '../save/save-file.ts';
import {
  deleteShare,
  listShares,
  type StoredShare,
  type UnreadableShare,
} from '../storage/share-registry.ts';
import { shareTitle } from '../ui/share-title.ts';
import { useStorageSpace } from '../storage/storage-space.ts';

/** The shares this browser holds: resume, save or delete each. */
export function StoredShares() {
  const [shares, setShares] = useState<(StoredShare | UnreadableShare)[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = useCallback(() => {
    listShares().then(setShares, () => setShares([]));
  }, []);
  useEffect(refresh, [refresh]);
  const space = useStorageSpace(shares);

  if (!shares || (shares.length === 0 && !message)) return null;
  const remove = async (share: StoredShare | UnreadableShare) => {
    if (!confirm(`Delete "${titleOf(share)}" from this browser?`)) return;
    try {
      await deleteShare(share.key);
      setMessage('Deleted. Its storage is free again.');
    } catch (error) {
      setMessage(`Could not delete: ${String(error)}`);
    }
    refresh();
  };
  const save = (share: StoredShare) => {
    share.manifest.files.forEach((_, index) =>
      saveFile(share.key, index).catch((error: unknown) =>
        setMessage(messageFor((error as { code?: string }).code ?? 'save-unavailable')),
      ),
    );
  };

  return (
    <section className="card">
      <h2>In this browser</h2>
      {space ? (
        <p className="muted numeric">
          Shoal stores {formatBytes(space.used)} of the {formatBytes(space.quota)} this browser
          allows it.{' '}
          {space.persisted
            ? 'The browser keeps it until you delete it.'
            : 'The browser may clear it if the disk runs short of space.'}
        </p>
      ) : null}
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
      {shares.length === 0 ? null : (
        <ul className="shares" aria-label="Stored shares">
          {shares.map((share) =>
            share.manifest === null ? (
              <li key={share.key}>
                <span>
                  <span className="file-name">{titleOf(share)}</span>{' '}
                  <span className="muted" title={share.problem}>
                    · this version of Shoal will not open it: its file names are no longer allowed.
                    Delete it to free its space.
                  </span>
                </span>
                <span className="row">
                  <button type="button" className="danger" onClick={() => void remove(share)}>
                    Delete
                  </button>
                </span>
              </li>
            ) : (
              <li key={share.key}>
                <span>
                  <span className="file-name">
                    {shareTitle(share.manifest.files.map((f) => f.path))}
                  </span>{' '}
                  <span className="muted">
                    · {formatBytes(share.manifest.files.reduce((sum, f) => sum + f.size, 0))} ·{' '}
                    {share.role === 'sharer'
                      ? 'shared from here'
                      : share.complete
                        ? 'downloaded'
                        : 'partly downloaded'}
                  </span>
                </span>
                <span className="row">
                  {share.role === 'downloader' ? (
                    <a className="button" href={`/#${share.key}`}>
                      {share.complete ? 'Open' : 'Resume'}
                    </a>
                  ) : null}
                  {share.role === 'downloader' && share.complete ? (
                    <button type="button" onClick={() => save(share)}>
                      Save
                    </button>
                  ) : null}
                  <button type="button" className="danger" onClick={() => void remove(share)}>
                    Delete
                  </button>
                </span>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}

/** What the list calls a share: its files' title, or, for one it cannot read, when it was added. */
function titleOf(share: StoredShare | UnreadableShare): string {
  if (share.manifest === null) return `A share from ${new Date(share.addedAt).toLocaleString()}`;
  return shareTitle(share.manifest.files.map((f) => f.path));
}
