// What error codes mean to a person. The UI maps codes, never parses messages.
import type { TFunction } from 'i18next';
import type { ShoalErrorCode } from '@shoal/core';
import type { ConnectivityProblem } from '../net/connectivity-diagnosis.ts';
import en from '../i18n/locales/en.json' with { type: 'json' };

/** Every code with its own sentence in the translations (errors.<code>). */
export type MessageCode = Exclude<keyof typeof en.errors, 'unknown'>;

/** Engine codes no person should meet: base64url inside a checked link, use after destroy. */
type InternalCode = 'malformed-base64url' | 'destroyed';

/**
 * Every code the engine and the connection diagnosis report has a sentence: rename
 * or add one without its sentence in en.json, and this line stops compiling.
 */
type WithoutSentence = Exclude<ShoalErrorCode | ConnectivityProblem, MessageCode | InternalCode>;
export const EVERY_CODE_HAS_A_SENTENCE: [WithoutSentence] extends [never] ? true : WithoutSentence =
  true;

const MESSAGE_CODES: ReadonlySet<string> = new Set(
  Object.keys(en.errors).filter((code) => code !== 'unknown'),
);

/** The stable code an error carries (ShoalError and our own errors have one), if any. */
export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * What `code` means to a person; `detail` is the engine's message, shown only for
 * a code with no sentence of its own. (Files that cannot be shared are worded
 * from SourceError's data: see source-problem.ts.)
 */
export function messageFor(t: TFunction, code: string, detail?: string): string {
  if (MESSAGE_CODES.has(code)) return t(`errors.${code as MessageCode}`);
  return detail ?? t('errors.unknown', { code });
}
