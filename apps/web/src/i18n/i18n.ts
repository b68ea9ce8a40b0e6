// One i18next instance for the page. Every string a person reads comes from
// locales/<language>.json through it; numbers, sizes and plurals go through
// Intl (i18next's `{{count, number}}` and plural suffixes use Intl underneath).
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './locales/ar.json' with { type: 'json' };
import de from './locales/de.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import { DEFAULT_LANGUAGE, LANGUAGES, pickLanguage, type Language } from './languages.ts';

export const RESOURCES = {
  en: { translation: en },
  de: { translation: de },
  ar: { translation: ar },
} as const satisfies Record<Language, { translation: unknown }>;

declare module 'i18next' {
  interface CustomTypeOptions {
    // English is the reference: a key missing from it does not compile.
    resources: { translation: typeof en };
  }
}

/** A translator for `language`, ready at once (the resources are bundled, nothing loads). */
export function createI18n(language: Language, forReact = false): I18n {
  const instance = i18next.createInstance();
  if (forReact) instance.use(initReactI18next);
  void instance.init({
    lng: language,
    // A key missing from German or Arabic reads in English rather than as its key;
    // locales.test.ts fails the build long before that can ship.
    fallbackLng: DEFAULT_LANGUAGE,
    resources: RESOURCES,
    // React escapes what it renders; escaping here would show file names as &amp;.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

/** Where the user's choice in Settings is kept (per browser, never sent anywhere). */
const LANGUAGE_KEY = 'shoal.language';

/** The page's translator: the language chosen in Settings, else the browser's. */
export function pageI18n(): I18n {
  const stored = globalThis.localStorage?.getItem(LANGUAGE_KEY);
  const instance = createI18n(pickLanguage(stored, navigator.languages ?? []), true);
  const applyToDocument = () => {
    const language = instance.language as Language;
    document.documentElement.lang = language;
    document.documentElement.dir = LANGUAGES[language]?.dir ?? 'ltr';
    document.title = instance.t('app.title');
  };
  applyToDocument();
  instance.on('languageChanged', applyToDocument);
  return instance;
}

/** Switches the page to `language` and remembers the choice. */
export function chooseLanguage(instance: I18n, language: Language): void {
  globalThis.localStorage?.setItem(LANGUAGE_KEY, language);
  void instance.changeLanguage(language);
}
