/**
 * Offset arithmetic between two versions of a small text: which regions changed, where
 * an offset of the old text lands in the new one, and whether a change touches a range.
 */
import { diffChars, type Change } from 'diff';
import type { OffsetRange, TextReplacement } from './review-types';

/**
 * Upper bound on the edit distance diffChars explores (characters). Past it the whole
 * changed middle counts as one region: correct, only coarser.
 */
const MAX_EDIT_LENGTH = 4000;

/** Applies non-overlapping replacements (any order) to `text`. */
export function applyReplacements(text: string, replacements: readonly TextReplacement[]): string {
  let result = text;
  for (const replacement of [...replacements].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, replacement.start) + replacement.text + result.slice(replacement.end);
  }
  return result;
}

/**
 * The regions of `oldText` that differ in `newText`, sorted, each with the text that
 * replaced it. Common prefix and suffix are cut first so the character diff only looks
 * at the changed middle (a person's edits are few and small).
 */
export function diffRegions(oldText: string, newText: string): TextReplacement[] {
  if (oldText === newText) return [];
  const prefix = commonPrefixLength(oldText, newText);
  const suffix = commonSuffixLength(oldText, newText, prefix);
  const oldMiddle = oldText.slice(prefix, oldText.length - suffix);
  const newMiddle = newText.slice(prefix, newText.length - suffix);
  const whole = [{ start: prefix, end: prefix + oldMiddle.length, text: newMiddle }];
  if (oldMiddle === '' || newMiddle === '') return whole;
  const changes = diffChars(oldMiddle, newMiddle, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return whole;
  return replacementsFromChanges(changes, prefix);
}

/**
 * Turns a `diff` change list into replacements of the old text: each run of removed
 * and added parts becomes one replacement. `startOffset` is where the diffed text
 * begins in the whole old text.
 */
export function replacementsFromChanges(changes: readonly Change[], startOffset = 0): TextReplacement[] {
  const replacements: TextReplacement[] = [];
  let offset = startOffset;
  let open: { start: number; end: number; text: string } | undefined;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      if (open) replacements.push(open);
      open = undefined;
      offset += change.value.length;
      continue;
    }
    open ??= { start: offset, end: offset, text: '' };
    if (change.removed) {
      offset += change.value.length;
      open.end = offset;
    } else {
      open.text += change.value;
    }
  }
  if (open) replacements.push(open);
  return replacements;
}

/** Which way an offset moves when text is inserted exactly at it. */
export type Affinity = 'left' | 'right';

/**
 * Where `offset` of the old text lies in the new text, given the changed regions.
 * Text inserted exactly at `offset` lands after it (`left`: the offset stays before the
 * insertion) or before it (`right`). An offset inside a removed region lands at the
 * region's start.
 */
export function mapOffset(regions: readonly TextReplacement[], offset: number, affinity: Affinity): number {
  let delta = 0;
  for (const region of regions) {
    const before = region.end < offset || (region.end === offset && (region.start < offset || affinity === 'right'));
    if (before) {
      delta += region.text.length - (region.end - region.start);
      continue;
    }
    if (region.start < offset) return region.start + delta;
    break;
  }
  return offset + delta;
}

/** Maps a range: a non-empty range keeps text typed at its edges outside; an empty one stays before it. */
export function mapRange(regions: readonly TextReplacement[], range: OffsetRange): OffsetRange {
  if (range.start === range.end) {
    const at = mapOffset(regions, range.start, 'left');
    return { start: at, end: at };
  }
  return { start: mapOffset(regions, range.start, 'right'), end: mapOffset(regions, range.end, 'left') };
}

/**
 * True when a change region alters text inside `range`: it removes some of it, or
 * inserts strictly inside it. Typing right before or after a range, or deleting up to
 * its edge, does not touch it. For an empty range (an insertion point) only a removal
 * that spans the point touches it.
 */
export function touches(region: TextReplacement, range: OffsetRange): boolean {
  if (region.start === region.end) return range.start < region.start && region.start < range.end;
  if (range.start === range.end) return region.start < range.start && range.start < region.end;
  return region.start < range.end && range.start < region.end;
}

export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  return length;
}

/** Common suffix that does not overlap the first `prefix` characters of either text. */
export function commonSuffixLength(a: string, b: string, prefix = 0): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let length = 0;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}
