// Files another app shared into Shoal through the operating system's share
// sheet (the manifest's share_target): the service worker receives the POST,
// keeps the files here, and sends the page to SHARED_FILES_PAGE, which takes
// them (once) and starts sharing them. Files are Blobs, which IndexedDB keeps
// as they are: nothing is read into memory on the way.
import { createStore, del, get, set } from 'idb-keyval';

/** Where the share sheet POSTs (manifest.webmanifest's share_target.action). */
export const SHARE_TARGET_PATH = '/share-target';

/** Where the page is sent after the files are kept. */
export const SHARED_FILES_PAGE = '/?shared-files';

/** The form field the manifest names for the files. */
export const SHARE_TARGET_FIELD = 'files';

const KEY = 'pending';

const store = createStore('shoal-shared-files', 'files');

/** Keeps files handed over by the share sheet until the page takes them. */
export async function keepSharedFiles(files: File[]): Promise<void> {
  await set(KEY, files, store);
}

/** The files the share sheet handed over, if any; taken, so a reload does not share them again. */
export async function takeSharedFiles(): Promise<File[]> {
  const files = await get<File[]>(KEY, store);
  if (files === undefined) return [];
  await del(KEY, store);
  return files.filter((file): file is File => file instanceof File);
}

/** The service worker's answer to the share sheet's POST. */
export async function receiveSharedFiles(request: Request): Promise<Response> {
  try {
    const form = await request.formData();
    const files = form.getAll(SHARE_TARGET_FIELD).filter((v): v is File => v instanceof File);
    await keepSharedFiles(files);
  } catch {
    // A malformed POST shares nothing; the page opens as usual.
  }
  return Response.redirect(SHARED_FILES_PAGE, 303);
}
