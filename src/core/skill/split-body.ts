import { detectLineEnding, lineNumberAt, type LineEnding } from './line-endings';
import { splitFrontmatter } from './split-frontmatter';

/**
 * A SKILL.md cut into the part edits may change (the Markdown body) and the part they
 * never touch (BOM and frontmatter). `head + body` is the original text.
 */
export interface SkillBodyParts {
  /** BOM plus the whole frontmatter block, delimiters and line breaks included. */
  readonly head: string;
  readonly body: string;
  /** The document's dominant line break, used for any text Skill Trainer inserts. */
  readonly lineEnding: LineEnding;
  /** 1-based file line on which the body starts. */
  readonly bodyFirstLine: number;
}

/** Splits `text` without reading the YAML (cheap enough to call per edit). */
export function splitBody(text: string): SkillBodyParts {
  const slices = splitFrontmatter(text);
  const head = slices.bom + slices.open + slices.source + slices.close;
  return {
    head,
    body: slices.body,
    lineEnding: detectLineEnding(text),
    bodyFirstLine: lineNumberAt(text, head.length),
  };
}
