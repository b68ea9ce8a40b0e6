// The name a downloaded file is saved under. The manifest keeps the sharer's exact
// name (and the page shows it); only the name handed to the browser's download
// manager is made safe, the same way on every platform, so that Windows and macOS
// neither refuse the file nor save it as something else.
import { replaceHiddenCharacters } from '@shoal/protocol';
import { baseName } from './content-disposition.ts';

/** What stands in for a character that cannot be in a saved name: visible, and allowed everywhere. */
const REPLACEMENT = '_';

/** What an empty name is saved as. */
const EMPTY_NAME = 'download';

/**
 * Characters Windows refuses in a name (< > : " / \ | ? *), plus C0 and C1 controls.
 * ':' also on macOS, whose Finder shows it as '/'.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;

/** Dots and spaces at the end: Windows drops them, so the saved file would not match its name. */
const TRAILING_DOTS_AND_SPACES = /[. ]+$/;

/**
 * Windows device names: a file called one of them, with or without an extension
 * ('nul.txt', 'NUL.tar.gz'), opens the device instead. Matched against the part
 * before the first dot, trailing spaces ignored, in any case. The superscript
 * forms (COM¹, LPT³) are devices too; COM0 and LPT0 are on Microsoft's list.
 */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³]) *$/i;

/**
 * The name to save a file as, from its exact name. The rules, in order:
 * 1. every character Windows refuses (< > : " / \ | ? *), every control character
 *    (U+0000–U+001F, U+007F–U+009F), and every character the manifest rules refuse
 *    as hidden (direction controls, invisible characters; see protocol's
 *    hidden-characters.ts) becomes '_';
 * 2. trailing dots and spaces are removed;
 * 3. a Windows device name (CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0–COM9,
 *    LPT0–LPT9, COM¹–COM³, LPT¹–LPT³; in any case; alone or before an extension,
 *    as in 'nul.txt') gets a '_' in front: '_nul.txt';
 * 4. an empty result becomes 'download'.
 * Anything else is kept exactly, non-ASCII included. A safe name is its own safe
 * name. Names too long for a file system are left to the browser, which shortens them.
 */
export function safeFileName(name: string): string {
  const replaced = replaceHiddenCharacters(name.replace(FORBIDDEN, REPLACEMENT), () => REPLACEMENT);
  const trimmed = replaced.replace(TRAILING_DOTS_AND_SPACES, '');
  const stem = trimmed.split('.')[0] ?? '';
  const named = WINDOWS_DEVICE.test(stem) ? REPLACEMENT + trimmed : trimmed;
  return named === '' ? EMPTY_NAME : named;
}

/** What file `path` of a manifest is saved as: its last segment, made safe. */
export function savedFileName(path: string): string {
  return safeFileName(baseName(path));
}
