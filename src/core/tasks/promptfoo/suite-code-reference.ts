import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseCodeFile } from '../../scoring/code/suite-code';
import { resolveReference } from './resolve-reference';

/**
 * A `file://` code reference of a suite (a check's or a transform's file), checked and
 * rewritten relative to the skill folder, which is where scoring resolves it:
 * `file://checks/grade.js:named` read from `evals/promptfooconfig.yaml` becomes
 * `file://evals/checks/grade.js:named`. The file must exist inside the skill folder.
 */
export async function codeFileReference(value: string, configDir: string, root: string): Promise<{ value: string } | { problem: string }> {
  const file = parseCodeFile(value);
  if (!file) return { value };
  if (/\.(ts|cts|mts)$/i.test(file.path)) {
    return { problem: `points to TypeScript (${file.path}), which is not run; compile it to JavaScript (.js) or write the code inline, and name that` };
  }
  if (!/\.(js|cjs|mjs|py)$/i.test(file.path)) return { problem: `points to ${file.path}; code files must be .js, .cjs, .mjs or .py` };
  const target = resolveReference(file.path, configDir, root);
  if (target.problem !== undefined) return { problem: target.problem };
  const exists = await stat(target.path).then((entry) => entry.isFile(), () => false);
  if (!exists) return { problem: `points to ${file.path}, which does not exist; paths are relative to the promptfoo config` };
  const fromRoot = relative(root, target.path).split('\\').join('/');
  return { value: `file://${fromRoot}${file.functionName ? `:${file.functionName}` : ''}` };
}
