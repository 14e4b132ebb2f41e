import { createHash } from 'node:crypto';

/**
 * The SHA-256 of a skill's full text (UTF-8, BOM and line endings included), as 64 hex
 * characters. Score caches key on it: any byte that could change what a model reads
 * changes the hash.
 */
export function skillContentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
