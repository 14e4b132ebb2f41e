/**
 * Cosine similarity of two vectors: 1 for the same direction, 0 for unrelated, −1 for
 * opposite. Embedding models compare meanings with it (promptfoo's `similar` does too).
 * A zero vector (an empty text in a hashed embedding) is similar to nothing: 0.
 */
export function cosineSimilarity(left: readonly number[], right: readonly number[]): number {
  if (left.length !== right.length) {
    throw new RangeError(`Cannot compare embeddings of different lengths (${left.length} and ${right.length}); both must come from one model.`);
  }
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index += 1) {
    dot += left[index] * right[index];
    leftNorm += left[index] * left[index];
    rightNorm += right[index] * right[index];
  }
  if (leftNorm === 0 || rightNorm === 0) return 0;
  // Rounding can push the ratio a hair past ±1.
  return Math.max(-1, Math.min(1, dot / Math.sqrt(leftNorm * rightNorm)));
}
