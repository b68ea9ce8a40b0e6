// The languages Shoal speaks, and which one a browser gets. Pure: the page
// passes what it stored and what the browser prefers.

/** Each language, named in itself (a German speaker looks for "Deutsch"). */
export const LANGUAGES = {
  en: { name: 'English', dir: 'ltr' },
  de: { name: 'Deutsch', dir: 'ltr' },
  ar: { name: 'العربية', dir: 'rtl' },
} as const satisfies Record<string, { name: string; dir: 'ltr' | 'rtl' }>;

export type Language = keyof typeof LANGUAGES;

/** Spoken when neither the user's choice nor the browser's languages name one Shoal has. */
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}

/**
 * The user's own choice if it is one Shoal has; else the first of the
 * browser's languages Shoal has, by its base ("de-AT" → de); else English.
 */
export function pickLanguage(
  chosen: string | null | undefined,
  preferred: readonly string[],
): Language {
  if (isLanguage(chosen)) return chosen;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}
