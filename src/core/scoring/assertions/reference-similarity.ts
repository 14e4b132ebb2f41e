import { CheckLibraryLoadError } from './check-library';
import { type AssertionOutcome, type LocalAssertionDefinition, checkScoreThreshold, quote } from './assertion-definition';

/** What a text-similarity metric (`bleu`, `gleu`, `rouge-n`) needs to become a check. */
interface SimilarityMetric {
  type: string;
  /** The metric's name in reasons: "BLEU". */
  name: string;
  /** promptfoo's threshold when the assertion sets none. */
  defaultThreshold: number;
  /** True when `value` may be a list of reference texts (the best-matching one counts). */
  acceptsReferenceList: boolean;
  /** The score from 0 to 1 of a non-blank output against the references; may throw for texts it cannot score. */
  score(output: string, references: string[]): number | Promise<number>;
}

/**
 * A check that scores the output against reference text with `metric` and passes when
 * the score is at or above the threshold (promptfoo's default unless the assertion sets
 * one). A blank output scores 0. `not-` passes when the score is below the threshold.
 */
export function similarityAssertion(metric: SimilarityMetric): LocalAssertionDefinition {
  return {
    type: metric.type,
    valueHelp: metric.acceptsReferenceList ? 'the reference text, or a list of reference texts (the closest one counts)' : 'the reference text',
    checkValue: (value) => checkReferences(value, metric),
    ownThreshold: { default: metric.defaultThreshold, check: checkScoreThreshold },
    async evaluate(output, value, _context, threshold = metric.defaultThreshold): Promise<AssertionOutcome> {
      const references = (Array.isArray(value) ? value : [value]).map(String);
      const against = references.length === 1 ? quote(references[0]) : `the closest of ${references.length} references`;
      const expectation = `have a ${metric.name} score of at least ${threshold} against ${against}`;
      if (output.trim() === '') return { pass: 0 >= threshold, score: 0, expectation, observation: 'the output is empty (score 0)' };
      let score: number;
      try {
        score = await metric.score(output, references);
      } catch (error) {
        if (error instanceof CheckLibraryLoadError) throw error;
        // js-rouge refuses texts too long for its n-gram limit (about a million characters of tokens).
        return { pass: false, score: 0, expectation, observation: `its ${metric.name} score could not be computed (${(error as Error).message})` };
      }
      return { pass: score >= threshold, score, expectation, observation: `its ${metric.name} score is ${score.toFixed(3)}` };
    },
  };
}

function checkReferences(value: unknown, metric: SimilarityMetric): string | undefined {
  const isText = (item: unknown) => typeof item === 'number' || (typeof item === 'string' && item.trim() !== '');
  if (isText(value)) return undefined;
  if (metric.acceptsReferenceList && Array.isArray(value) && value.length > 0 && value.every(isText)) return undefined;
  return metric.acceptsReferenceList
    ? 'needs "value" set to the reference text or a non-empty list of reference texts (none blank), e.g. "value": ["The cat sat on the mat.", "A cat was on the mat."]'
    : 'needs "value" set to the reference text (not blank), e.g. "value": "The cat sat on the mat."';
}
