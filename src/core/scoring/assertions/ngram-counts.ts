/**
 * Word n-grams as promptfoo's `bleu` and `gleu` count them: words are the output
 * lowercased and split on whitespace.
 */

/** The words of a text for n-gram checks; empty for blank text. */
export function lowercaseWords(text: string): string[] {
  const trimmed = text.toLowerCase().trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** How often each run of `n` consecutive words occurs (none when there are fewer than `n` words). */
export function ngramCounts(words: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + n <= words.length; start++) {
    // A space cannot occur inside a word, so joining with one keeps n-grams apart.
    const gram = words.slice(start, start + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** The number of n-grams the two share, each counted as often as it occurs in both. */
export function sharedCount(candidate: ReadonlyMap<string, number>, reference: ReadonlyMap<string, number>): number {
  let shared = 0;
  for (const [gram, count] of candidate) shared += Math.min(count, reference.get(gram) ?? 0);
  return shared;
}

/** The total number of n-grams counted. */
export function totalCount(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
