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

/** Levenshtein distance; meant for short strings such as keys. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
