// Turns what the user dropped or picked into files with relative paths, walking
// dropped folders. Folder entries come from the non-standard but universal
// webkitGetAsEntry API (Chromium, Firefox and Safari all have it).

export interface PickedFile {
  file: File;
  /** Relative path with '/' separators: "photos/2024/a.jpg", or just the name. */
  path: string;
}

/** From an <input type=file> (with or without webkitdirectory). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  if (!list) return [];
  return Array.from(list, (file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/** From a drop event's DataTransfer; folders are walked recursively. */
export async function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    // No entry API: plain files only.
    return Array.from(data.files, (file) => ({ file, path: file.name }));
  }
  const picked: PickedFile[] = [];
  for (const entry of entries) await walk(entry!, '', picked);
  return picked;
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ file, path });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call; keep reading until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, path, out);
  }
}
