// Characters that make a name show something other than what it is: controls,
// line breaks, direction overrides that reorder what follows ('invoice\u202Efdp.exe'
// shows as 'invoiceexe.pdf'), and characters that render as nothing. A manifest
// path may not hold any of them, except where a joiner or variation selector does
// the job it exists for (an emoji sequence, Persian or Indic text).
//
// The sets are written out, not taken from \p{...} in a regular expression, so
// every peer applies the same rule whatever Unicode version its JavaScript engine
// knows. A test checks them against the engine's Default_Ignorable_Code_Point and
// Bidi_Control.
import { isWellFormedUtf16 } from './bytes.ts';

/** What a hidden character does; the UI says it in words. */
export type HiddenCharacterKind = 'control' | 'line-break' | 'direction' | 'invisible';

export interface HiddenCharacter {
  kind: HiddenCharacterKind;
  codePoint: number;
  /** UTF-16 index in the text. */
  index: number;
}

type Ranges = readonly (readonly [number, number])[];

/** C0 controls, DEL and C1 controls (Cc): invisible or worse, and NUL ends C strings. */
const CONTROLS: Ranges = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
];

/** Line and paragraph separators (Zl, Zp): break a name over lines. */
const LINE_BREAKS: Ranges = [[0x2028, 0x2029]];

/**
 * Unicode's Bidi_Control: embeddings and overrides (U+202A–U+202E), isolates
 * (U+2066–U+2069), and the invisible marks LRM, RLM and ALM. Each can move the
 * text around it, so a name can show its extension anywhere.
 */
const DIRECTION_CONTROLS: Ranges = [
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
];

/**
 * Unicode's Default_Ignorable_Code_Point (characters a renderer shows as nothing,
 * from DerivedCoreProperties.txt, Unicode 15), less the direction controls above,
 * plus the interlinear annotation controls U+FFF9–U+FFFB (format characters that
 * can hide the text between them). Among them: soft hyphen U+00AD, Mongolian vowel
 * separator U+180E, zero-width space U+200B, joiners U+200C–U+200D, word joiner
 * U+2060, Hangul fillers, variation selectors, BOM U+FEFF and the tag characters.
 */
const INVISIBLE: Ranges = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200d],
  [0x2060, 0x2065],
  [0x206a, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfffb],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe0fff],
];

/** ZWNJ and ZWJ: they change how the letters or emoji on both sides join. */
const JOINERS: Ranges = [[0x200c, 0x200d]];

/** Variation selectors: they pick a glyph for the character before them (text or emoji). */
const VARIATION_SELECTORS: Ranges = [
  [0x180b, 0x180d],
  [0x180f, 0x180f],
  [0xfe00, 0xfe0f],
  [0xe0100, 0xe01ef],
];

/** 'Emoji presentation' selector and combining keycap: '1' U+FE0F U+20E3 is the keycap one. */
const EMOJI_PRESENTATION = 0xfe0f;
const COMBINING_KEYCAP = 0x20e3;
const KEYCAP_BASE = /^[0-9#*]$/;

/** A subdivision flag: waving black flag, tag letters, cancel tag (the flag of Scotland). */
const BLACK_FLAG = 0x1f3f4;
const TAG_SPECS: readonly [number, number] = [0xe0020, 0xe007e];
const CANCEL_TAG = 0xe007f;

const inRanges = (ranges: Ranges, codePoint: number): boolean =>
  ranges.some(([first, last]) => codePoint >= first && codePoint <= last);

/** A character class of `ranges`, as regular expression source. */
const classOf = (ranges: Ranges): string =>
  `[${ranges.map(([first, last]) => `\\u{${first.toString(16)}}-\\u{${last.toString(16)}}`).join('')}]`;

const HIDDEN_CLASS = classOf([...CONTROLS, ...LINE_BREAKS, ...DIRECTION_CONTROLS, ...INVISIBLE]);
/** Every character any rule here is about: found by the engine's scan, not one by one in script. */
const ANY_HIDDEN = new RegExp(HIDDEN_CLASS, 'gu');
const ANY_INVISIBLE = new RegExp(classOf(INVISIBLE), 'gu');
/**
 * A visible non-ASCII character (letter, mark, digit or symbol, not hidden): the
 * neighbour a joiner or selector has work beside. Sticky, to test one position.
 */
const VISIBLE_NON_ASCII = new RegExp(
  `(?![\\x00-\\x7f])(?!${HIDDEN_CLASS})[\\p{L}\\p{M}\\p{N}\\p{S}]`,
  'uy',
);

function kindOf(codePoint: number): HiddenCharacterKind | undefined {
  if (inRanges(CONTROLS, codePoint)) return 'control';
  if (inRanges(LINE_BREAKS, codePoint)) return 'line-break';
  if (inRanges(DIRECTION_CONTROLS, codePoint)) return 'direction';
  if (inRanges(INVISIBLE, codePoint)) return 'invisible';
  return undefined;
}

/** Whether a visible non-ASCII character starts at UTF-16 index `index`. */
function visibleNonAsciiAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  VISIBLE_NON_ASCII.lastIndex = index;
  return VISIBLE_NON_ASCII.test(text);
}

/** The code point that ends just before UTF-16 index `index`. */
function codePointBefore(text: string, index: number): number | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const high = index >= 2 ? text.charCodeAt(index - 2) : 0;
  const paired = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return paired ? (text.codePointAt(index - 2) ?? low) : low;
}

const isTag = (codePoint: number | undefined): boolean =>
  codePoint !== undefined && (inRanges([TAG_SPECS], codePoint) || codePoint === CANCEL_TAG);

/**
 * The run of tag characters starting at `start` (each takes two UTF-16 units): where
 * it ends, and whether it is a subdivision flag's (🏴, tag letters, cancel tag).
 */
function tagRun(text: string, start: number): { end: number; flag: boolean } {
  let end = start;
  while (inRanges([TAG_SPECS], text.codePointAt(end) ?? 0)) end += 2;
  const flag =
    end > start &&
    codePointBefore(text, start) === BLACK_FLAG &&
    text.codePointAt(end) === CANCEL_TAG;
  return { end: flag ? end + 2 : Math.max(end, start + 2), flag };
}

/**
 * Every hidden character in `text` that does not do its proper job there, in order.
 * An invisible character does its job as:
 * - a joiner between two visible non-ASCII characters (or after a variation
 *   selector that is itself allowed): 'نامه‌ها', '👩‍💻', '🏳️‍🌈';
 * - a variation selector right after a visible non-ASCII character ('❤️'), or
 *   U+FE0F in a keycap ('1️⃣');
 * - tag characters in a subdivision flag (🏴 + tag letters + cancel tag).
 * Never next to ASCII, never twice in a row: there they only hide.
 */
export function* hiddenCharacters(text: string): Generator<HiddenCharacter, void, void> {
  let allowedUntil = -1; // just past the last allowed invisible character
  let tags = { end: -1, flag: false }; // the tag run being read
  for (const match of text.matchAll(ANY_HIDDEN)) {
    const index = match.index;
    const codePoint = match[0].codePointAt(0) ?? 0;
    const kind = kindOf(codePoint) ?? 'invisible';
    const end = index + match[0].length;
    const before = codePointBefore(text, index);
    const after = text.codePointAt(end);
    const visibleBefore =
      before !== undefined && visibleNonAsciiAt(text, index - (before > 0xffff ? 2 : 1));
    let allowed = false;
    if (isTag(codePoint)) {
      if (index >= tags.end) tags = tagRun(text, index);
      allowed = tags.flag;
    } else if (inRanges(JOINERS, codePoint)) {
      const afterSelector = allowedUntil === index && inRanges(VARIATION_SELECTORS, before ?? 0);
      allowed = (visibleBefore || afterSelector) && visibleNonAsciiAt(text, end);
    } else if (inRanges(VARIATION_SELECTORS, codePoint)) {
      const base = before === undefined ? '' : String.fromCodePoint(before);
      const keycap =
        codePoint === EMOJI_PRESENTATION && KEYCAP_BASE.test(base) && after === COMBINING_KEYCAP;
      allowed = visibleBefore || keycap;
    }
    if (allowed) allowedUntil = end;
    else yield { kind, codePoint, index };
  }
}

/** The first hidden character in `text` (see hiddenCharacters), or undefined. */
export function firstHiddenCharacter(text: string): HiddenCharacter | undefined {
  for (const hidden of hiddenCharacters(text)) return hidden;
  return undefined;
}

/** 'U+202E': how a code point is written for people. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What each kind of hidden character is, in words. */
const KIND_WORDS: Record<HiddenCharacterKind, string> = {
  control: 'a control character',
  'line-break': 'a line or paragraph separator',
  direction: 'an invisible direction-changing character',
  invisible: 'an invisible character',
};

/** 'an invisible direction-changing character (U+202E)': a hidden character in words. */
export function describeHiddenCharacter({ kind, codePoint }: HiddenCharacter): string {
  return `${KIND_WORDS[kind]} (${codePointLabel(codePoint)})`;
}

/**
 * `text` with each hidden character and each lone surrogate replaced by
 * `replace(codePoint)`; by default written out as '[U+202E]', so the text can be
 * shown (or logged) without reordering or hiding anything.
 */
export function replaceHiddenCharacters(
  text: string,
  replace: (codePoint: number) => string = (codePoint) => `[${codePointLabel(codePoint)}]`,
): string {
  let out = '';
  let from = 0;
  for (const { codePoint, index } of hiddenCharacters(text)) {
    out += text.slice(from, index) + replace(codePoint);
    from = index + (codePoint > 0xffff ? 2 : 1);
  }
  out += text.slice(from);
  if (isWellFormedUtf16(out)) return out;
  // The string iterator yields a lone surrogate as a one-unit string.
  return Array.from(out, (c) => (isLoneSurrogate(c) ? replace(c.charCodeAt(0)) : c)).join('');
}

const isLoneSurrogate = (c: string): boolean =>
  c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff;

/**
 * `text` without the invisible characters that hiddenCharacters lets through
 * (joiners, variation selectors, flag tags): two names that differ only in them
 * look the same.
 */
export function withoutInvisibleCharacters(text: string): string {
  return text.replace(ANY_INVISIBLE, '');
}
