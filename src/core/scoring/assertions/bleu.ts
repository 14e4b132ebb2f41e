import { lowercaseWords, ngramCounts, sharedCount, totalCount } from './ngram-counts';
import { similarityAssertion } from './reference-similarity';

/** Precision of 0 would make the geometric mean 0 whatever the other orders; promptfoo smooths it to this. */
const ZERO_PRECISION_SMOOTHING = 1e-7;
/** n-gram orders 1 to 4, weighted equally (the usual BLEU-4). */
const MAX_ORDER = 4;

/**
 * Sentence BLEU as promptfoo computes it: for n = 1..4, the share of the output's
 * n-grams found in a reference (clipped to the reference's count, best reference per
 * order), combined as a geometric mean and multiplied by the brevity penalty
 * e^(1 − r/c), where c is the output's word count and r the word count of the reference
 * closest in length (1 when the output is longer). Words are lowercased and split on
 * whitespace. 0 for a blank output.
 */
export function bleuScore(output: string, references: readonly string[]): number {
  const words = lowercaseWords(output);
  if (words.length === 0 || references.length === 0) return 0;
  const referenceWords = references.map(lowercaseWords);
  // The first of equally close lengths counts, as in promptfoo.
  const closestLength = referenceWords
    .map((reference) => reference.length)
    .reduce((closest, length) => (Math.abs(length - words.length) < Math.abs(closest - words.length) ? length : closest));
  let logSum = 0;
  for (let n = 1; n <= MAX_ORDER; n++) {
    const counts = ngramCounts(words, n);
    const total = totalCount(counts);
    const matched = Math.max(...referenceWords.map((reference) => sharedCount(counts, ngramCounts(reference, n))));
    const precision = total > 0 ? matched / total : 0;
    logSum += Math.log(precision === 0 ? ZERO_PRECISION_SMOOTHING : precision) / MAX_ORDER;
  }
  // Papineni et al.'s e^(1 − r/c). promptfoo writes e^(1 − c/r), which exceeds 1 for a short
  // output (a 5-word output of a 6-word reference would score 1.18); scores here stay within 0..1.
  const brevityPenalty = words.length > closestLength ? 1 : Math.exp(1 - closestLength / words.length);
  return brevityPenalty * Math.exp(logSum);
}

/** `bleu`: the output's BLEU score against the reference text(s) in `value` is at least the threshold (default 0.5). */
export const bleuAssertion = similarityAssertion({ type: 'bleu', name: 'BLEU', defaultThreshold: 0.5, acceptsReferenceList: true, score: bleuScore });
