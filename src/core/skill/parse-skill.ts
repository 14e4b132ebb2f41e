import { detectLineEnding, lineNumberAt } from './line-endings';
import { readFrontmatterYaml } from './read-frontmatter-yaml';
import type { SkillDocument, SkillFrontmatter } from './skill-document';
import { skillError, type SkillProblem } from './skill-problem';
import { splitFrontmatter } from './split-frontmatter';

/**
 * Splits a SKILL.md into BOM, YAML frontmatter and Markdown body. Never throws: a broken
 * document still parses, with `frontmatter.data` undefined and the reason in `problems`.
 */
export function parseSkill(text: string): SkillDocument {
  const slices = splitFrontmatter(text);
  const problems: SkillProblem[] = [];
  let frontmatter: SkillFrontmatter | undefined;

  if (slices.status === 'present') {
    // The opening delimiter is line 1, so the YAML starts on line 2.
    const yaml = readFrontmatterYaml(slices.source, 2);
    problems.push(...yaml.problems);
    frontmatter = { open: slices.open, source: slices.source, close: slices.close, data: yaml.data, firstLine: 2 };
  } else if (slices.status === 'unterminated') {
    problems.push(
      skillError(1, 'The frontmatter opened by `---` on line 1 is never closed. Add a line containing only `---` after the last field.'),
    );
  } else if (slices.lateOpeningLine > 0) {
    const fix =
      slices.lateOpeningAfter === 'comment'
        ? 'Move the HTML comment above `---` below the closing `---`, or delete it.'
        : 'Delete the blank lines above `---`.';
    problems.push(
      skillError(1, `The frontmatter starts on line ${slices.lateOpeningLine}, but agents only read frontmatter that starts on line 1. ${fix}`),
    );
  }

  const headLength = slices.bom.length + slices.open.length + slices.source.length + slices.close.length;
  return {
    bom: slices.bom,
    frontmatter,
    body: slices.body,
    bodyFirstLine: lineNumberAt(text, headLength),
    lineEnding: detectLineEnding(text),
    problems,
  };
}

/** The document as text; identical to the parsed input when nothing was changed. */
export function serializeSkill(document: SkillDocument): string {
  const { frontmatter } = document;
  const head = frontmatter ? frontmatter.open + frontmatter.source + frontmatter.close : '';
  return document.bom + head + document.body;
}
