// Every language says everything English says, in every plural form the
// language has, with the same blanks ({{name}}) to fill in.
import { describe, expect, it } from 'vitest';
import { createI18n, RESOURCES } from './i18n.ts';
import { LANGUAGES, type Language } from './languages.ts';

type Tree = { [key: string]: string | Tree };

/** "a.b.c" → value, for every string in the tree. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [p, v] of leaves(value, path)) found.set(p, v);
  }
  return found;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Each key without its plural suffix, and the plural forms it has (empty: not plural). */
function keysOf(strings: Map<string, string>): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const path of strings.keys()) {
    const match = PLURAL_SUFFIX.exec(path);
    const base = match ? path.slice(0, match.index) : path;
    const forms = keys.get(base) ?? new Set<string>();
    if (match) forms.add(match[1]!);
    keys.set(base, forms);
  }
  return keys;
}

/** The blanks a string has: "{{count, number}} of {{size}}" → count, size. */
function blanks(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*([\w-]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!));
}

const english = leaves(RESOURCES.en.translation as Tree);
const englishKeys = keysOf(english);

describe.each(Object.keys(LANGUAGES) as Language[])('the %s translation', (language) => {
  const strings = leaves(RESOURCES[language].translation as Tree);
  const keys = keysOf(strings);
  const pluralForms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;

  it('has every key English has, and no other', () => {
    expect([...keys.keys()].sort()).toEqual([...englishKeys.keys()].sort());
  });

  it('has each plural in exactly the forms the language has (Intl.PluralRules)', () => {
    for (const [key, forms] of englishKeys) {
      if (forms.size === 0) {
        expect(keys.get(key), key).toEqual(new Set());
        continue;
      }
      expect([...(keys.get(key) ?? [])].sort(), key).toEqual([...pluralForms].sort());
    }
  });

  it('leaves no string empty', () => {
    for (const [path, text] of strings) expect(text.trim(), path).not.toBe('');
  });

  it('fills in the same blanks as English (a plural form may spell out the count)', () => {
    for (const [path, text] of strings) {
      const match = PLURAL_SUFFIX.exec(path);
      const base = match ? path.slice(0, match.index) : path;
      const reference = [...english].find(([p]) => p === base || p.startsWith(`${base}_`))![1];
      const wanted = blanks(reference);
      const given = blanks(text);
      if (match) {
        wanted.delete('count');
        given.delete('count');
      }
      expect([...given].sort(), path).toEqual([...wanted].sort());
    }
  });
});

describe('translating at run time', () => {
  it('picks the plural form by the count, writing the number the language way', () => {
    expect(createI18n('en').t('home.preparing', { count: 1 })).toBe('Preparing 1 file');
    expect(createI18n('en').t('home.preparing', { count: 1200 })).toBe('Preparing 1,200 files');
    expect(createI18n('de').t('home.preparing', { count: 1200 })).toBe(
      '1.200 Dateien werden vorbereitet',
    );
    const arabic = createI18n('ar');
    expect(arabic.t('home.preparing', { count: 2 })).toBe('جارٍ تحضير ملفين');
    expect(arabic.t('home.preparing', { count: 3 })).toBe(
      `جارٍ تحضير ${new Intl.NumberFormat('ar').format(3)} ملفات`,
    );
  });
});
