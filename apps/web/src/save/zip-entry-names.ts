// The names files get inside a "Save all" ZIP: their manifest paths with every
// segment made safe the way a single saved file's name is (safe-file-name.ts),
// '/' kept between folders. Making names safe can make two of them alike
// ('a:b' and 'a_b' both become 'a_b'), and an unzipper would then write one
// file over the other, so a name already taken in its folder gets ' (2)', ' (3)'…
import { foldPath } from '@shoal/protocol';
import { safeFileName } from './safe-file-name.ts';

/** The names taken in one folder of the archive, and the folders under it. */
interface Folder {
  /** Folded names (foldPath) of the files and folders in it, as the archive names them. */
  taken: Set<string>;
  /** Subfolders by their folded manifest name, so 'A/x' and 'a/y' share one folder, as on disk. */
  folders: Map<string, { name: string; folder: Folder }>;
}

const emptyFolder = (): Folder => ({ taken: new Set(), folders: new Map() });

/**
 * The archive name of each of `paths` (manifest paths, '/'-separated, distinct
 * once folded), in order: each segment made safe (safeFileName), and unique in
 * its folder once folded, as a case-insensitive file system compares names.
 * A name that is already safe and unique is kept exactly, unicode included.
 */
export function zipEntryNames(paths: readonly string[]): string[] {
  const root = emptyFolder();
  return paths.map((path) => {
    const segments = path.split('/');
    const fileName = segments.pop() ?? '';
    let folder = root;
    const names: string[] = [];
    for (const segment of segments) {
      const key = foldPath(segment);
      let sub = folder.folders.get(key);
      if (!sub) {
        sub = { name: unclaimed(safeFileName(segment), folder.taken), folder: emptyFolder() };
        folder.folders.set(key, sub);
      }
      names.push(sub.name);
      folder = sub.folder;
    }
    names.push(unclaimed(safeFileName(fileName), folder.taken));
    return names.join('/');
  });
}

/** `name`, or 'name (2).ext', 'name (3).ext'… whichever is not in `taken` yet; claims it. */
function unclaimed(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken.has(foldPath(candidate)); n++) candidate = `${stem} (${n})${extension}`;
  taken.add(foldPath(candidate));
  return candidate;
}
