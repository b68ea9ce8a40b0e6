import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { shareTitle } from '../ui/share-title.ts';

/** shareTitle in the page's language ("report.pdf und 11 weitere"). */
export function useShareTitle(): (paths: string[]) => string {
  const { t } = useTranslation();
  return useCallback(
    (paths: string[]) => shareTitle(paths, (first, count) => t('title.andMore', { first, count })),
    [t],
  );
}
