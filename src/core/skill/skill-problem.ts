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
}

/** Shorthand constructors keep the rule files readable. */
export function skillError(line: number, message: string): SkillProblem {
  return { severity: 'error', message, line };
}

export function skillWarning(line: number, message: string): SkillProblem {
  return { severity: 'warning', message, line };
}

/** Problems in file order; errors before warnings on the same line. */
export function sortSkillProblems(problems: readonly SkillProblem[]): SkillProblem[] {
  const rank = (problem: SkillProblem) => (problem.severity === 'error' ? 0 : 1);
  return [...problems].sort((a, b) => a.line - b.line || rank(a) - rank(b));
}
