import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Where a `file://` reference points, or why it may not be followed. */
export type ResolvedReference = { path: string; problem?: undefined } | { path?: undefined; problem: string };

/**
 * Resolves a `file://` path (relative to `baseDir`) and checks that it stays inside
 * `root`, the skill folder: a suite must not pull files from elsewhere on the disk
 * into prompts that are sent to a model.
 */
export function resolveReference(reference: string, baseDir: string, root: string): ResolvedReference {
  const path = resolve(baseDir, reference);
  const fromRoot = relative(root, path);
  const outside = fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot);
  if (!outside) return { path };
  return { problem: `points outside the skill folder (${reference}); copy the file into ${root} and refer to it from there` };
}
