import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { createFormats, type Formats } from '../ui/format.ts';

/**
 * One set of formats per language, shared by every component: each holds a
 * dozen Intl formatters, and the status line re-renders four times a second.
 */
const FORMATS = new Map<string, Formats>();

function formatsFor(i18n: I18n): Formats {
  const language = i18n.language;
  let formats = FORMATS.get(language);
  if (formats === undefined) {
    const t = i18n.getFixedT(language);
    formats = createFormats(language, {
      unit: (unit) => t(`units.${unit}`),
      perSecond: (size) => t('units.perSecond', { size }),
    });
    FORMATS.set(language, formats);
  }
  return formats;
}

/** Number formats in the page's language (the component re-renders when it changes). */
export function useFormats(): Formats {
  return formatsFor(useTranslation().i18n);
}
