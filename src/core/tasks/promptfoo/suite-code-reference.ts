import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { CodeFunction } from '../../scoring/code/call-file-function';
import { parseCodeFile } from '../../scoring/code/suite-code';
import { resolveReference } from './resolve-reference';

/**
 * A `file://` code reference of a suite (a check's or a transform's file), checked and
 * rewritten relative to the skill folder, which is where scoring resolves it:
 * `file://checks/grade.js:named` read from `evals/promptfooconfig.yaml` becomes
 * `file://evals/checks/grade.js:named`. The file must exist inside the skill folder.
 */
export async function codeFileReference(value: string, configDir: string, root: string): Promise<{ value: string } | { problem: string }> {
  const found = await codeFunctionOf(value, configDir, root);
  if ('problem' in found) return found;
  if (!found.code) return { value };
  const fromRoot = relative(root, found.code.path).split('\\').join('/');
  return { value: `file://${fromRoot}${found.code.functionName ? `:${found.code.functionName}` : ''}` };
}

/**
 * The function a `file://` code reference names (`file://gen.py:make_tests`, relative to
 * `baseDir`), checked: JavaScript or Python, inside the skill folder, existing. `code`
 * is undefined when the value is not a `file://` reference.
 */
export async function codeFunctionOf(value: string, baseDir: string, root: string): Promise<{ code?: CodeFunction } | { problem: string }> {
  const file = parseCodeFile(value);
  if (!file) return {};
  if (/\.(ts|cts|mts)$/i.test(file.path)) {
    return { problem: `points to TypeScript (${file.path}), which is not run (Skill Trainer has no TypeScript compiler at run time); compile it to JavaScript (.js, e.g. with npx tsc) or write the code inline, and name that` };
  }
  if (!/\.(js|cjs|mjs|py)$/i.test(file.path)) return { problem: `points to ${file.path}; code files must be .js, .cjs, .mjs or .py` };
  const target = resolveReference(file.path, baseDir, root);
  if (target.problem !== undefined) return { problem: target.problem };
  const exists = await stat(target.path).then((entry) => entry.isFile(), () => false);
  if (!exists) return { problem: `points to ${file.path}, which does not exist; paths are relative to the promptfoo config` };
  return { code: { path: target.path, language: /\.py$/i.test(file.path) ? 'python' : 'javascript', ...(file.functionName && { functionName: file.functionName }) } };
}

/**
 * How a refusal of suite code in an untrusted workspace ends: where the code does run.
 * The command line always runs it (whoever types the command chose the suite).
 */
export const TRUST_TO_RUN_CODE =
  "the suite's code runs only in a trusted workspace: trust this workspace (Workspaces: Manage Workspace Trust) to load this suite; the command line (skill-trainer validate, eval, train) runs it";

/** Wall-time limit of one call of suite code while a suite loads (a prompt function, test generator, variable loader, transformVars), ms. */
export const SUITE_LOAD_CODE_TIMEOUT_MS = 10_000;
