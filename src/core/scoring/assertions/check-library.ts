/**
 * Libraries that only some checks need (js-rouge for `rouge-n`, fast-xml-parser for the
 * XML checks) are loaded on the first such check rather than when the extension or the
 * CLI starts; the build keeps each in a file of its own under dist/vendor/ (see
 * scripts/build.mjs).
 */
import { SkillTrainerError, errorMessage } from '../../errors';

/** A check's library could not be loaded: a broken install, or a bundle copied without dist/vendor/. */
export class CheckLibraryLoadError extends SkillTrainerError {
  constructor(library: string, checks: string, cause: unknown) {
    super(
      'check_library_unavailable',
      `${library}, which ${checks} checks use, could not be loaded: ${errorMessage(cause)}. Reinstall Skill Trainer; from the repository, run \`npm ci\` and \`npm run build\` (it writes the library to dist/vendor/, next to the bundles).`,
      { cause },
    );
  }
}

/**
 * The loader of one library: the module is imported on the first call and kept; a
 * failed import is tried again on the next call. `checks` names the checks for the
 * error ("'rouge-n'").
 */
export function checkLibrary<T>(library: string, checks: string, load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw new CheckLibraryLoadError(library, checks, error);
    });
    return loaded;
  };
}

/**
 * A CommonJS package imported with `import()` has its named exports on `default` in
 * Node, and on the module itself in a bundle: the exports, wherever they are.
 */
export function namedExports<T>(module: T & { default?: T }): T {
  return module.default ?? module;
}
