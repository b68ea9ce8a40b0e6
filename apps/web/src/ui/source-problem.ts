// Why files cannot be shared, in the page's language: core's SourceError says
// what is wrong as data (file, kind, character), and this words it.
import type { TFunction } from 'i18next';
import { showableName, type SourceProblem } from '@shoal/core';
import { codePointLabel, MAX_PATH_BYTES } from '@shoal/protocol';

export function sourceProblemText(t: TFunction, source: SourceProblem): string {
  if (source.kind === 'size') {
    return t('sourceProblem.size', { name: showableName(source.path), size: String(source.size) });
  }
  if (source.kind === 'collision') {
    const { kind, path, other, folded } = source.collision;
    const names = { name: showableName(path), other: showableName(other) };
    if (kind === 'same-name') {
      return folded ? t('sourceProblem.alike', names) : t('sourceProblem.twice', names);
    }
    return folded
      ? t('sourceProblem.fileAndFolderFolded', names)
      : t('sourceProblem.fileAndFolder', names);
  }
  const { problem } = source;
  const name = showableName(source.path);
  switch (problem.kind) {
    case 'hidden-character':
      return t('sourceProblem.hidden-character', {
        name,
        character: t(`sourceProblem.character-${problem.character.kind}`, {
          codePoint: codePointLabel(problem.character.codePoint),
        }),
      });
    case 'too-long':
      // Byte counts as plain digits: they are quoted from UTF-8, not read as amounts.
      return t('sourceProblem.too-long', {
        name,
        bytes: String(problem.bytes),
        max: String(MAX_PATH_BYTES),
      });
    case 'backslash':
    case 'lone-surrogate':
    case 'empty':
      return t(`sourceProblem.${problem.kind}`, { name });
    case 'absolute':
    case 'empty-segment':
    case 'dot-segment':
      return t('sourceProblem.not-plain', { name });
  }
}
