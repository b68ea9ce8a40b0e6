import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormats } from '../i18n/use-formats.ts';
import { useShareTitle } from '../i18n/use-share-title.ts';
import { codeOf, messageFor } from '../ui/messages.ts';
import { saveFile } from '../save/save-file.ts';
import {
  deleteShare,
  listShares,
  onSharesChanged,
  type StoredShare,
  type UnreadableShare,
} from '../storage/share-registry.ts';
import { useStorageSpace } from '../storage/storage-space.ts';

/** The shares this browser holds: resume, save or delete each. */
export function StoredShares() {
  const { t, i18n } = useTranslation();
  const formats = useFormats();
  const shareTitle = useShareTitle();
  const [shares, setShares] = useState<(StoredShare | UnreadableShare)[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = useCallback(() => {
    listShares().then(setShares, () => setShares([]));
  }, []);
  useEffect(() => {
    refresh();
    return onSharesChanged(refresh);
  }, [refresh]);
  const space = useStorageSpace(shares);
  /** What the list calls a share: its files' title, or, for one it cannot read, when it was added. */
  const titleOf = (share: StoredShare | UnreadableShare): string =>
    share.manifest === null
      ? t('stored.unreadableTitle', {
          date: new Date(share.addedAt).toLocaleString(i18n.language),
        })
      : shareTitle(share.manifest.files.map((f) => f.path));

  if (!shares || (shares.length === 0 && !message)) return null;
  const remove = async (share: StoredShare | UnreadableShare) => {
    if (!confirm(t('stored.confirmDelete', { title: titleOf(share) }))) return;
    try {
      await deleteShare(share.key);
      setMessage(t('stored.deleted'));
    } catch (error) {
      const code = codeOf(error);
      setMessage(
        code === undefined
          ? t('stored.deleteFailed', { reason: String(error) })
          : messageFor(t, code, String(error)),
      );
    }
    // No refresh here: a delete announces itself (onSharesChanged), to this list too.
  };
  const save = (share: StoredShare) => {
    share.manifest.files.forEach((_, index) =>
      saveFile(share.key, index).catch((error: unknown) =>
        setMessage(messageFor(t, codeOf(error) ?? 'save-unavailable')),
      ),
    );
  };

  return (
    <section className="card">
      <h2>{t('stored.heading')}</h2>
      {space ? (
        <p className="muted numeric">
          {t('stored.space', {
            used: formats.bytes(space.used),
            quota: formats.bytes(space.quota),
          })}{' '}
          {space.persisted ? t('stored.persisted') : t('stored.mayClear')}
        </p>
      ) : null}
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
      {shares.length === 0 ? null : (
        <ul className="shares" aria-label={t('stored.listLabel')}>
          {shares.map((share) =>
            share.manifest === null ? (
              <li key={share.key}>
                <span>
                  <span className="file-name">{titleOf(share)}</span>{' '}
                  <span className="muted" title={share.problem}>
                    · {t('stored.unreadable')}
                  </span>
                </span>
                <span className="row">
                  <button type="button" className="danger" onClick={() => void remove(share)}>
                    {t('stored.delete')}
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
                    · {formats.bytes(share.manifest.files.reduce((sum, f) => sum + f.size, 0))} ·{' '}
                    {share.role === 'sharer'
                      ? t('stored.sharedHere')
                      : share.complete
                        ? t('stored.downloaded')
                        : t('stored.partly')}
                  </span>
                </span>
                <span className="row">
                  {share.role === 'downloader' ? (
                    <a className="button" href={`/#${share.key}`}>
                      {share.complete ? t('stored.open') : t('stored.resume')}
                    </a>
                  ) : null}
                  {share.role === 'downloader' && share.complete ? (
                    <button type="button" onClick={() => save(share)}>
                      {t('stored.save')}
                    </button>
                  ) : null}
                  <button type="button" className="danger" onClick={() => void remove(share)}>
                    {t('stored.delete')}
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
