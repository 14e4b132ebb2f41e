import type { LocalAssertionDefinition } from './assertion-definition';
import { boundsOutcome, wordCount } from './count-bounds';

type WordBounds = { min?: number; max?: number };

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * `word-count` (promptfoo's name): an exact number of words, or `{min, max}` (either
 * may be left out) — inclusive bounds.
 */
export const wordCountAssertion: LocalAssertionDefinition = {
  type: 'word-count',
  valueHelp: 'an exact number of words, or {"min": N, "max": M} (inclusive; either may be left out)',
  checkValue(value) {
    if (isCount(value)) return undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const { min, max } = value as Record<string, unknown>;
      const keysOk = Object.keys(value).every((key) => key === 'min' || key === 'max');
      if (keysOk && (min !== undefined || max !== undefined) && (min === undefined || isCount(min)) && (max === undefined || isCount(max))) {
        if (min !== undefined && max !== undefined && (min as number) > (max as number)) {
          return `has "min" (${min}) greater than "max" (${max}); swap them`;
        }
        return undefined;
      }
    }
    return 'needs "value" set to a whole number of words, or {"min": 50, "max": 200}';
  },
  evaluate(output, value) {
    const bounds: WordBounds = typeof value === 'number' ? { min: value, max: value } : (value as WordBounds);
    return boundsOutcome(wordCount(output), bounds, 'words');
  },
};
