import type { LineEnding } from './line-endings';
import type { SkillProblem } from './skill-problem';

/** The YAML frontmatter of a SKILL.md, kept as written plus its parsed data. */
export interface SkillFrontmatter {
  /** The opening `---` line exactly as written, with its line break. */
  readonly open: string;
  /** The YAML between the delimiter lines, exactly as written (comments included). */
  readonly source: string;
  /** The closing `---` (or `...`) line exactly as written; no line break at end of file. */
  readonly close: string;
  /** The mapping as plain data; `{}` when empty; undefined when the YAML is broken or not a mapping. */
  readonly data: Record<string, unknown> | undefined;
  /** 1-based file line of the first YAML line (the line after the opening `---`). */
  readonly firstLine: number;
}

/**
 * A SKILL.md file split into the parts Skill Trainer reads and edits. `serializeSkill`
 * puts the exact original bytes back together when nothing was changed.
 */
export interface SkillDocument {
  /** A leading byte-order mark, kept so Windows editors see the file unchanged. */
  readonly bom: '' | '\uFEFF';
  /** Undefined when the file does not start with a closed `---` block. */
  readonly frontmatter: SkillFrontmatter | undefined;
  /** The Markdown after the frontmatter (the whole file after the BOM when there is none). */
  readonly body: string;
  /** 1-based file line on which the body starts. */
  readonly bodyFirstLine: number;
  /** The line break most lines use; text set through the helpers is written with it. */
  readonly lineEnding: LineEnding;
  /** Problems met while reading: unclosed or misplaced frontmatter, broken YAML. */
  readonly problems: readonly SkillProblem[];
}
