import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createFormats, type Formats } from '../ui/format.ts';

/** Number formats in the page's language, remade when the language changes. */
export function useFormats(): Formats {
  const { t, i18n } = useTranslation();
  return useMemo(
    () =>
      createFormats(i18n.language, {
        unit: (unit) => t(`units.${unit}`),
        perSecond: (size) => t('units.perSecond', { size }),
      }),
    [i18n.language, t],
  );
}
