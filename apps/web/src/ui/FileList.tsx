import { useTranslation } from 'react-i18next';
import type { ManifestFile } from '@shoal/protocol';
import { useFormats } from '../i18n/use-formats.ts';
import type { FileProgress } from './file-progress.ts';

export interface FileActions {
  /** The chosen files (null: every file); shows a checkbox per file when given with onChoose. */
  chosen?: ReadonlySet<number> | null;
  onChoose?: (fileIndex: number, chosen: boolean) => void;
  /** How much of each file is stored; shows a percentage until it is done. */
  progress?: FileProgress[];
  /** Offered for each file `progress` says is done (none while progress is unknown). */
  onSave?: (fileIndex: number) => void;
  /**
   * 'Play' or 'View' for a file the browser can show while it arrives;
   * 'unsupported' for media it cannot (said so beside the file).
   */
  playLabel?: (fileIndex: number) => 'Play' | 'View' | 'unsupported' | null;
  onPlay?: (fileIndex: number) => void;
}

/**
 * The files of a share. Names are rendered as text nodes only (React escapes
 * them): a name full of HTML stays a name.
 */
export function FileList({ files, ...actions }: { files: ManifestFile[] } & FileActions) {
  const { chosen, onChoose, progress, onSave, playLabel, onPlay } = actions;
  const { t } = useTranslation();
  const formats = useFormats();
  return (
    <ul className="files" aria-label={t('files.label')}>
      {files.map((file, index) => {
        const state = progress?.[index];
        const play = onPlay ? playLabel?.(index) : null;
        // dir="auto": a name in another script keeps its own direction, isolated from the sentence.
        const name = (
          <span className="file-name" dir="auto">
            {file.path}
          </span>
        );
        return (
          <li key={file.path}>
            {onChoose ? (
              <label className="choose">
                <input
                  type="checkbox"
                  checked={chosen === null || chosen === undefined || chosen.has(index)}
                  onChange={(event) => onChoose(index, event.target.checked)}
                  aria-label={t('files.choose', { name: file.path })}
                />
                {name}
              </label>
            ) : (
              name
            )}
            <span className="row">
              {state && !state.done && file.size > 0 ? (
                <span className="muted numeric">
                  {t('files.partOf', { percent: formats.percent(state.storedBytes / file.size) })}
                </span>
              ) : null}
              <span className="muted numeric">{formats.bytes(file.size)}</span>
              {play === 'unsupported' ? (
                <span className="muted">{t('files.cannotPlay')}</span>
              ) : play ? (
                <button
                  type="button"
                  onClick={() => onPlay!(index)}
                  aria-label={
                    play === 'View'
                      ? t('files.viewName', { name: file.path })
                      : t('files.playName', { name: file.path })
                  }
                >
                  {play === 'View' ? t('files.view') : t('files.play')}
                </button>
              ) : null}
              {onSave && state?.done === true ? (
                <button
                  type="button"
                  className="save"
                  onClick={() => onSave(index)}
                  aria-label={t('files.saveName', { name: file.path })}
                >
                  {t('files.save')}
                </button>
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
