import { SkillTrainerError } from '../errors';

/**
 * Raised when Skill Trainer is asked to change a frontmatter field it cannot change
 * safely, because the YAML is broken or is not a mapping. Reading and validating never
 * throw; only writing does.
 */
export class SkillFrontmatterError extends SkillTrainerError {
  /** 1-based file line of the problem. */
  readonly line: number;

  constructor(message: string, line: number) {
    super('skill_frontmatter_invalid', message);
    this.line = line;
  }
}
