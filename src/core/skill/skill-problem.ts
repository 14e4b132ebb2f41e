/**
 * One finding about a SKILL.md file, as shown by `skill-trainer validate` and the editor.
 * `error` means agents may refuse or misread the skill; `warning` means it loads but
 * something is probably unintended.
 */
export interface SkillProblem {
  readonly severity: 'error' | 'warning';
  /** What is wrong, where, and how to fix it. */
  readonly message: string;
  /** 1-based line in the file (the line of the offending key where one exists). */
  readonly line: number;
  /** Changes that fix it, for an editor's quick fixes (see skill-fixes.ts); the message names them too. */
  readonly fixes?: readonly SkillFix[];
}

/** A change that fixes a problem. */
export type SkillFix =
  /** Set `name:` to this (added when missing). */
  | { readonly kind: 'set_name'; readonly name: string }
  /** Rename the skill's folder to this (the file system's part; not a text change). */
  | { readonly kind: 'rename_folder'; readonly folderName: string }
  /** Keep the description within the limit, moving the rest to the top of the body. */
  | { readonly kind: 'shorten_description' }
  /** Put the value of the `key: value` line at the problem's line in quotes. */
  | { readonly kind: 'quote_value' };

/** Shorthand constructors keep the rule files readable. */
export function skillError(line: number, message: string, fixes?: readonly SkillFix[]): SkillProblem {
  return fixes && fixes.length > 0 ? { severity: 'error', message, line, fixes } : { severity: 'error', message, line };
}

export function skillWarning(line: number, message: string, fixes?: readonly SkillFix[]): SkillProblem {
  return fixes && fixes.length > 0 ? { severity: 'warning', message, line, fixes } : { severity: 'warning', message, line };
}

/** Problems in file order; errors before warnings on the same line. */
export function sortSkillProblems(problems: readonly SkillProblem[]): SkillProblem[] {
  const rank = (problem: SkillProblem) => (problem.severity === 'error' ? 0 : 1);
  return [...problems].sort((a, b) => a.line - b.line || rank(a) - rank(b));
}
