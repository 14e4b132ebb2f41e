/**
 * An embedding as text, for the run's call journal: the vector's 32-bit floats, base64.
 * Vendors compute embeddings in 32-bit floats, so nothing real is lost, and a
 * 3072-dimension vector takes 16 kB instead of ~60 kB of JSON numbers. The first use of
 * a vector reads it back through the same text, so a resumed run compares exactly the
 * numbers the first session did.
 */
export function vectorToText(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** The vector a {@link vectorToText} text holds; undefined for a text that is not one. */
export function vectorFromText(text: string): number[] | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  // A copy: Buffer.from may return a slice of a shared pool at an offset Float32Array cannot start at.
  const vector = Array.from(new Float32Array(Uint8Array.from(bytes).buffer));
  return vector.every(Number.isFinite) ? vector : undefined;
}
