// What error codes mean to a person. The UI maps codes, never parses messages.
import type { TFunction } from 'i18next';
import en from '../i18n/locales/en.json' with { type: 'json' };

/** Every code with its own sentence in the translations (errors.<code>). */
export type MessageCode = Exclude<keyof typeof en.errors, 'unknown'>;

const MESSAGE_CODES: ReadonlySet<string> = new Set(
  Object.keys(en.errors).filter((code) => code !== 'unknown'),
);

/**
 * Codes whose engine message is written for the user and says what only it can:
 * invalid-source names the file and the reason ('The file name "invoice[U+202E]fdp.exe"
 * contains an invisible direction-changing character (U+202E); …'). Shown as given,
 * never parsed.
 */
const SPEAKS_FOR_ITSELF: ReadonlySet<string> = new Set(['invalid-source']);

/** What `code` means to a person; `detail` is the engine's message, shown only where it speaks for itself or the code is unknown. */
export function messageFor(t: TFunction, code: string, detail?: string): string {
  if (detail && SPEAKS_FOR_ITSELF.has(code)) return detail;
  if (MESSAGE_CODES.has(code)) return t(`errors.${code as MessageCode}`);
  return detail ?? t('errors.unknown', { code });
}
