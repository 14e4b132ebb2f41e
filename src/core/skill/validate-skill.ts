import { errorMessage } from '../errors';
import { parseSkill } from './parse-skill';
import { readFrontmatterYaml } from './read-frontmatter-yaml';
import { skillError, sortSkillProblems, type SkillProblem } from './skill-problem';
import { validateFrontmatterFields } from './validate-frontmatter-fields';
import { validateSkillBody } from './validate-skill-body';

/** Options for validateSkill. */
export interface ValidateSkillOptions {
  /** The folder holding SKILL.md; the spec requires `name` to equal it. */
  readonly folderName?: string;
}

/**
 * Checks a SKILL.md against the Agent Skills specification (accepting Claude Code's extra
 * keys) and returns every problem with its 1-based line, in file order. Never throws:
 * even a file that is not YAML or Markdown at all gets a list of problems.
 */
export function validateSkill(text: string, options: ValidateSkillOptions = {}): SkillProblem[] {
  try {
    return sortSkillProblems(collectProblems(text, options));
  } catch (error) {
    // A bug in a rule must not take the CLI or the editor down with it.
    return [skillError(1, `Skill Trainer could not finish validating this file (${errorMessage(error)}). This is a bug in Skill Trainer; please report it with the file.`)];
  }
}

function collectProblems(text: string, options: ValidateSkillOptions): SkillProblem[] {
  const document = parseSkill(text);
  const problems: SkillProblem[] = [...document.problems];
  const { frontmatter } = document;

  if (!frontmatter) {
    if (!problems.some((problem) => problem.severity === 'error')) problems.push(missingFrontmatterProblem(text));
  } else {
    let data = frontmatter.data;
    let yaml = readFrontmatterYaml(frontmatter.source, frontmatter.firstLine);
    if (data === undefined) {
      // Tab indentation is the most common YAML slip in hand-written skills. Its error is
      // already reported; reading the fields as if the tabs were spaces lets the other
      // checks still say something useful.
      const untabbed = frontmatter.source.replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length));
      const retry = untabbed === frontmatter.source ? undefined : readFrontmatterYaml(untabbed, frontmatter.firstLine);
      if (retry?.data) {
        data = retry.data;
        yaml = retry;
      }
    }
    if (data) {
      const locator = { keyLine: yaml.keyLine, missingLine: 1 };
      problems.push(...validateFrontmatterFields(data, locator, { folderName: options.folderName }));
    }
  }
  problems.push(...validateSkillBody(document));
  return problems;
}

/**
 * Why no frontmatter was found. A file saved with bare carriage returns (classic Mac OS
 * line breaks) does start with `---`, but agents split lines on LF and see one long line,
 * so the usual "start the file with `---`" advice would point at the wrong fix.
 */
function missingFrontmatterProblem(text: string): SkillProblem {
  if (/^\uFEFF?---[ \t]*\r(?!\n)/.test(text)) {
    return skillError(
      1,
      'SKILL.md breaks its lines with bare carriage returns (CR, the old Mac OS line break), so agents read it as one line and find no `---` frontmatter. Save it with LF (or CRLF) line breaks.',
    );
  }
  return skillError(
    1,
    'SKILL.md has no YAML frontmatter. Start the file with a `---` line, then `name: <folder-name>` and `description: <what it does and when to use it>`, then a closing `---` line.',
  );
}
