import { ngramCounts, sharedCount, totalCount, lowercaseWords } from './ngram-counts';
import { similarityAssertion } from './reference-similarity';

/** n-gram orders 1 to 4, pooled. */
const MAX_ORDER = 4;

/**
 * Google-BLEU (GLEU) as promptfoo computes it: the n-grams of orders 1..4 of output and
 * reference are pooled; the score is the smaller of precision (shared / the output's)
 * and recall (shared / the reference's). Words are lowercased, split on whitespace and
 * stripped of trailing dots; identical word lists score 1. With several references the
 * best score counts. 0 for a blank output.
 */
export function gleuScore(output: string, references: readonly string[]): number {
  const words = gleuWords(output);
  if (words.length === 0) return 0;
  return Math.max(0, ...references.map((reference) => gleuAgainst(words, gleuWords(reference))));
}

function gleuAgainst(words: string[], reference: string[]): number {
  if (words.length === reference.length && words.every((word, index) => word === reference[index])) return 1;
  let shared = 0;
  let outputTotal = 0;
  let referenceTotal = 0;
  for (let n = 1; n <= MAX_ORDER; n++) {
    const outputCounts = ngramCounts(words, n);
    const referenceCounts = ngramCounts(reference, n);
    shared += sharedCount(outputCounts, referenceCounts);
    outputTotal += totalCount(outputCounts);
    referenceTotal += totalCount(referenceCounts);
  }
  if (outputTotal === 0 || referenceTotal === 0) return 0;
  return Math.min(shared / outputTotal, shared / referenceTotal);
}

function gleuWords(text: string): string[] {
  return lowercaseWords(text).map((word) => word.replace(/\.+$/, ''));
}

/** `gleu`: the output's GLEU score against the reference text(s) in `value` is at least the threshold (default 0.5). */
export const gleuAssertion = similarityAssertion({ type: 'gleu', name: 'GLEU', defaultThreshold: 0.5, acceptsReferenceList: true, score: gleuScore });
