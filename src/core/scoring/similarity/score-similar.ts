import { quote } from '../assertions/assertion-definition';
import { cosineSimilarity } from '../../models/embeddings/cosine-similarity';
import type { EmbeddingModel } from '../../models/embeddings/embedding-model';
import type { AssertionSpec } from '../../tasks/eval-task';
import type { CheckResult } from '../task-score';

/** promptfoo's default for `similar`: cosine similarity at which the output counts as meaning the same. */
export const defaultSimilarityThreshold = 0.75;

/**
 * Decides a `similar` (or `not-similar`) check with an embedding model, as promptfoo
 * does: the cosine similarity between the output and the expected text (with a list,
 * the closest of them) passes at the threshold (default 0.75). `not-similar` passes
 * below it; with a list, only when the output is unlike every text (promptfoo passes it
 * when the output is unlike any one of them, which a list of paraphrases makes almost
 * certain). The score is the similarity (1 − similarity for `not-similar`), clamped to
 * 0..1: real embeddings can be slightly negative.
 *
 * A failed embedding call is thrown (an infrastructure failure, never a failed check).
 */
export async function scoreSimilar(spec: AssertionSpec, output: string, model: EmbeddingModel, signal?: AbortSignal): Promise<CheckResult> {
  const expected = (Array.isArray(spec.value) ? spec.value : [spec.value]).map(String);
  // An empty output means nothing, so it is like no text; vendors refuse to embed empty input anyway (HTTP 400).
  const similarities = output.trim() === '' ? expected.map(() => 0) : await similaritiesTo(output, expected, model, signal);
  const best = Math.max(...similarities);
  const closest = expected[similarities.indexOf(best)];
  const threshold = spec.threshold ?? defaultSimilarityThreshold;
  const negated = spec.type.startsWith('not-');
  // promptfoo's tolerance, so a similarity equal to the threshold up to rounding counts as reaching it.
  const pass = negated ? best < threshold + Number.EPSILON : best >= threshold - Number.EPSILON;
  const score = Math.min(1, Math.max(0, negated ? 1 - best : best));
  const what = expected.length === 1 ? `mean the same as ${quote(expected[0])}` : `mean the same as one of ${expected.length} texts`;
  const nearest = expected.length === 1 ? '' : ` (closest: ${quote(closest)})`;
  const reason =
    `expected ${negated ? 'not ' : ''}to ${what}; cosine similarity ${round(best)}${nearest}, threshold ${threshold} ` +
    `(embeddings by ${model.spec})`;
  return { kind: 'assertion', name: spec.type, pass, score, weight: spec.weight ?? 1, reason };
}

/** Cosine similarity of the output to each expected text, in their order. */
async function similaritiesTo(output: string, expected: string[], model: EmbeddingModel, signal: AbortSignal | undefined): Promise<number[]> {
  const { vectors } = await model.embed({ texts: [output, ...expected], signal, label: 'similar' });
  const [outputVector, ...expectedVectors] = vectors;
  return expectedVectors.map((vector) => cosineSimilarity(outputVector, vector));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
