import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { filesFromDrop, filesFromInput, type PickedFile } from './collect-files.ts';

/** Where a share starts: drop files or a folder, or pick them with a button. */
export function DropZone({
  onFiles,
  disabled,
}: {
  onFiles: (files: PickedFile[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(false);

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setActive(false);
    if (disabled) return;
    const files = await filesFromDrop(event.dataTransfer);
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      className={`dropzone${active ? ' active' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setActive(true);
      }}
      onDragLeave={() => setActive(false)}
      onDrop={(event) => void onDrop(event)}
    >
      <p>{t('dropZone.prompt')}</p>
      <div className="row" style={{ justifyContent: 'center' }}>
        <button
          type="button"
          className="primary"
          disabled={disabled}
          onClick={() => filesInput.current?.click()}
        >
          {t('dropZone.chooseFiles')}
        </button>
        <button type="button" disabled={disabled} onClick={() => folderInput.current?.click()}>
          {t('dropZone.chooseFolder')}
        </button>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(event) => {
          const files = filesFromInput(event.currentTarget.files);
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        // Folder picking: non-standard attribute every current browser supports.
        {...{ webkitdirectory: '' }}
        onChange={(event) => {
          const files = filesFromInput(event.currentTarget.files);
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
