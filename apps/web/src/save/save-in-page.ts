// Saving without a service worker (see save-route.ts): the page reads the
// stored pieces itself and writes them through the file picker, or hands the
// download manager a Blob.
import { IdbPieceStore } from '../storage/idb-piece-store.ts';
import { getShare } from '../storage/share-registry.ts';
import { shareTitle } from '../ui/share-title.ts';
import { fileBlob } from './file-blob.ts';
import { fileStream } from './file-stream.ts';
import { safeFileName, savedFileName } from './safe-file-name.ts';
import type { SaveRequest } from './save-request.ts';
import { chooseSaveRoute, IN_MEMORY_SAVE_MAX_BYTES } from './save-route.ts';
import { shareZip } from './share-zip.ts';

/** How long a saved Blob's URL lives: the download manager has long started reading it by then. */
const OBJECT_URL_LIFETIME_MS = 60_000;

const MIB = 1024 * 1024;

export class SaveTooLargeError extends Error {
  readonly code = 'save-too-large';
  constructor(readonly bytes: number) {
    super(
      `Without a service worker, Shoal can save up to ${IN_MEMORY_SAVE_MAX_BYTES / MIB} MiB at once here; this is ${Math.ceil(bytes / MIB)} MiB`,
    );
    this.name = 'SaveTooLargeError';
  }
}

interface FilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<{
    createWritable(): Promise<WritableStream<Uint8Array>>;
  }>;
}

/** Saves what `request` names from IndexedDB, without a service worker. */
export async function saveInPage(request: SaveRequest): Promise<void> {
  const share = await getShare(request.shareKey);
  if (!share) throw new Error('This share is no longer stored in this browser.');
  const { manifest } = share;
  const pieces = new IdbPieceStore(request.shareKey);
  try {
    let body: Blob | ReadableStream<Uint8Array>;
    let name: string;
    let bytes: number;
    if ('fileIndex' in request) {
      const file = manifest.files[request.fileIndex];
      if (!file) throw new Error('This share has no such file.');
      name = savedFileName(file.path);
      bytes = file.size;
      body =
        (await fileBlob(manifest, request.fileIndex, pieces)) ??
        fileStream(manifest, request.fileIndex, pieces);
    } else {
      const zip = shareZip(manifest, request.fileIndices, pieces, new Date());
      const title = request.title ?? shareTitle(manifest.files.map((f) => f.path));
      name = safeFileName(`${title}.zip`);
      bytes = Number(zip.length);
      body = zip.stream;
    }
    const picker = (window as FilePickerWindow).showSaveFilePicker;
    const route = chooseSaveRoute({
      worker: false,
      filePicker: picker !== undefined,
      inMemory: !(body instanceof Blob),
      bytes,
    });
    if (route === 'too-large') throw new SaveTooLargeError(bytes);
    if (route === 'file-picker') {
      const handle = await picker!({ suggestedName: name });
      const stream = body instanceof Blob ? body.stream() : body;
      await stream.pipeTo(await handle.createWritable());
      return;
    }
    const blob = body instanceof Blob ? body : await new Response(body).blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
  } finally {
    await pieces.close().catch(() => undefined);
  }
}
