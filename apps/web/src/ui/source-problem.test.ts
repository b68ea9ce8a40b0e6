import { describe, expect, it } from 'vitest';
import { sourceProblemMessage, type SourceProblem } from '@shoal/core';
import { createI18n } from '../i18n/i18n.ts';
import { sourceProblemText } from './source-problem.ts';

const PROBLEMS: SourceProblem[] = [
  {
    kind: 'path',
    path: 'invoice\u202Efdp.exe',
    problem: {
      kind: 'hidden-character',
      character: { kind: 'direction', codePoint: 0x202e, index: 7 },
    },
  },
  { kind: 'path', path: 'x'.repeat(5000), problem: { kind: 'too-long', bytes: 5000 } },
  { kind: 'path', path: 'a\\b.txt', problem: { kind: 'backslash' } },
  { kind: 'path', path: '', problem: { kind: 'empty' } },
  { kind: 'path', path: '../up.txt', problem: { kind: 'dot-segment', segment: '..' } },
  { kind: 'size', path: 'big.bin', size: -1 },
  {
    kind: 'collision',
    collision: { kind: 'same-name', path: 'a.txt', other: 'a.txt', folded: false },
  },
  {
    kind: 'collision',
    collision: { kind: 'same-name', path: 'A.txt', other: 'a.txt', folded: true },
  },
  {
    kind: 'collision',
    collision: { kind: 'file-and-folder', path: 'a', other: 'A/b', folded: true },
  },
];

describe('sourceProblemText', () => {
  it("says in English exactly what the engine's own message says", () => {
    const { t } = createI18n('en');
    for (const problem of PROBLEMS) {
      expect(sourceProblemText(t, problem)).toBe(sourceProblemMessage(problem));
    }
  });

  it('says it in German and Arabic too, naming the file with hidden characters written out', () => {
    for (const language of ['de', 'ar'] as const) {
      const said = sourceProblemText(createI18n(language).t, PROBLEMS[0]!);
      expect(said).toContain('invoice[U+202E]fdp.exe');
      expect(said).not.toContain('\u202E');
      expect(said).not.toBe(sourceProblemMessage(PROBLEMS[0]!));
    }
  });
});
