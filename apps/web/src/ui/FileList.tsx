import type { ManifestFile } from '@shoal/protocol';
import type { FileProgress } from './file-progress.ts';
import { formatBytes } from './format.ts';

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
  return (
    <ul className="files" aria-label="Files">
      {files.map((file, index) => {
        const state = progress?.[index];
        const play = onPlay ? playLabel?.(index) : null;
        const name = <span className="file-name">{file.path}</span>;
        return (
          <li key={file.path}>
            {onChoose ? (
              <label className="choose">
                <input
                  type="checkbox"
                  checked={chosen === null || chosen === undefined || chosen.has(index)}
                  onChange={(event) => onChoose(index, event.target.checked)}
                  aria-label={`Download ${file.path}`}
                />
                {name}
              </label>
            ) : (
              name
            )}
            <span className="row">
              {state && !state.done && file.size > 0 ? (
                <span className="muted numeric">
                  {Math.floor((state.storedBytes / file.size) * 100)}% of
                </span>
              ) : null}
              <span className="muted numeric">{formatBytes(file.size)}</span>
              {play === 'unsupported' ? (
                <span className="muted">This browser cannot play it</span>
              ) : play ? (
                <button
                  type="button"
                  onClick={() => onPlay!(index)}
                  aria-label={`${play} ${file.path}`}
                >
                  {play}
                </button>
              ) : null}
              {onSave && state?.done === true ? (
                <button
                  type="button"
                  className="save"
                  onClick={() => onSave(index)}
                  aria-label={`Save ${file.path}`}
                >
                  Save
                </button>
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
