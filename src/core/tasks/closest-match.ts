/** "Did you mean" hints for typos in keys and type names. */

/** Candidates within `maxDistance` edits of `word` (case ignored), closest first. */
export function closestMatches(word: string, candidates: readonly string[], maxDistance = 2): string[] {
  const lowered = word.toLowerCase();
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(lowered, candidate.toLowerCase()) }))
    .filter((entry) => entry.distance <= maxDistance)
    .sort((a, b) => a.distance - b.distance)
    .map((entry) => entry.candidate);
}

/**
 * Levenshtein distance in UTF-16 code units (as promptfoo's `levenshtein` counts): the
 * fewest single-character insertions, deletions and substitutions that turn `a` into
 * `b`. Time grows with the product of the lengths; two rows of memory.
 */
export function editDistance(a: string, b: string): number {
  let previous = new Uint32Array(b.length + 1).map((_, index) => index);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1));
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
