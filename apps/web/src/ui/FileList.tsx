import type { ManifestFile } from '@shoal/protocol';
import { formatBytes } from './format.ts';

/**
 * The files of a share. Names are rendered as text nodes only (React escapes
 * them): a name full of HTML stays a name.
 */
export function FileList({
  files,
  onSave,
}: {
  files: ManifestFile[];
  onSave?: (fileIndex: number) => void;
}) {
  return (
    <ul className="files" aria-label="Files">
      {files.map((file, index) => (
        <li key={file.path}>
          <span className="file-name">{file.path}</span>
          <span className="row">
            <span className="muted numeric">{formatBytes(file.size)}</span>
            {onSave ? (
              <button type="button" onClick={() => onSave(index)} aria-label={`Save ${file.path}`}>
                Save
              </button>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
