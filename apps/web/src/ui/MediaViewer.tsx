import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManifestFile } from '@shoal/protocol';
import { controllingWorker } from '../save/save-file.ts';
import type { ShareSession } from '../session/share-session.ts';
import type { MediaKind } from '../stream/media-kind.ts';
import {
  createStreamTicket,
  endStreamTicket,
  STREAM_PATH_PREFIX,
} from '../stream/stream-tickets.ts';
import { messageFor } from './messages.ts';

/**
 * Plays or shows one file of a share while it downloads. The browser's own
 * player reads /stream/<ticket>, which the service worker answers from
 * IndexedDB, waiting for pieces that have not arrived (and moving the
 * download to them first).
 */
export function MediaViewer({
  session,
  fileIndex,
  file,
  kind,
  onClose,
}: {
  session: ShareSession;
  fileIndex: number;
  file: ManifestFile;
  kind: MediaKind;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let ticket: string | null = null;
    session.play(fileIndex);
    controllingWorker()
      .then(() => createStreamTicket(session.shareKey, fileIndex))
      .then(
        (created) => {
          ticket = created;
          if (live) setSrc(`${STREAM_PATH_PREFIX}${created}`);
          else void endStreamTicket(created);
        },
        (error: unknown) => live && setProblem(messageFor(t, 'play-unavailable', String(error))),
      );
    return () => {
      live = false;
      session.stopPlaying();
      if (ticket !== null) void endStreamTicket(ticket);
    };
  }, [session, fileIndex, t]);

  const label =
    kind === 'image'
      ? t('viewer.viewing', { name: file.path })
      : t('viewer.playing', { name: file.path });
  return (
    <section className="viewer" aria-label={label}>
      <div className="row viewer-head">
        <span className="file-name">{file.path}</span>
        <button type="button" onClick={onClose}>
          {t('viewer.close')}
        </button>
      </div>
      {problem ? (
        <p className="notice error" role="alert">
          {problem}
        </p>
      ) : src === null ? (
        <p className="muted">{t('viewer.opening')}</p>
      ) : kind === 'video' ? (
        <video src={src} controls autoPlay playsInline aria-label={label} />
      ) : kind === 'audio' ? (
        <audio src={src} controls autoPlay aria-label={label} />
      ) : (
        <img src={src} alt={file.path} />
      )}
    </section>
  );
}
