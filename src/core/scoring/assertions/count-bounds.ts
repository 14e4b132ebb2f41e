import { type AssertionOutcome, binaryOutcome } from './assertion-definition';

/** Characters as a person counts them: Unicode code points, so an emoji is 1, not 2. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Words: runs of non-whitespace. */
export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Outcome of `count` against inclusive bounds, phrased in `unit`s ("words", "characters"). */
export function boundsOutcome(count: number, bounds: { min?: number; max?: number }, unit: string): AssertionOutcome {
  const { min, max } = bounds;
  const pass = (min === undefined || count >= min) && (max === undefined || count <= max);
  const expectation =
    min !== undefined && max !== undefined
      ? min === max
        ? `have exactly ${min} ${unit}`
        : `have between ${min} and ${max} ${unit}`
      : min !== undefined
        ? `have at least ${min} ${unit}`
        : `have at most ${max} ${unit}`;
  return binaryOutcome(pass, expectation, `it has ${count} ${unit}`);
}
