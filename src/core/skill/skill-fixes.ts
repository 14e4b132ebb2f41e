/**
 * Applies a problem's fix (see SkillFix) to the text of a SKILL.md, for an editor's
 * quick fixes: the text after the fix, or undefined when it does not apply to this text
 * (any more). Renaming the folder is the file system's job, not a text change.
 */
import { parseSkill, serializeSkill } from './parse-skill';
import { setFrontmatterField } from './set-frontmatter-field';
import { setSkillBody } from './set-skill-body';
import type { SkillFix } from './skill-problem';
import { skillLimits } from './validate-frontmatter-fields';

/** `key: value` (possibly indented, as under `metadata:`); the value is the rest of the line. */
const KEY_VALUE_LINE = /^(\s*[^\s:#][^:#]*?:)[ \t]+(\S.*?)[ \t]*$/;

export function applySkillFix(text: string, line: number, fix: SkillFix): string | undefined {
  switch (fix.kind) {
    case 'set_name':
      return withField(text, 'name', fix.name);
    case 'shorten_description':
      return shortenDescription(text);
    case 'quote_value':
      return quoteValue(text, line);
    case 'rename_folder':
      return undefined;
  }
}

function withField(text: string, key: string, value: string): string | undefined {
  try {
    return serializeSkill(setFrontmatterField(parseSkill(text), key, value));
  } catch {
    // Broken frontmatter: the YAML problem comes first, with its own fix.
    return undefined;
  }
}

/**
 * Keeps the description within the limit, cut after the last sentence (else word) that
 * fits, and moves the rest to the top of the body as a paragraph: nothing is lost.
 */
function shortenDescription(text: string): string | undefined {
  const document = parseSkill(text);
  const description = document.frontmatter?.data?.description;
  if (typeof description !== 'string') return undefined;
  const characters = [...description];
  if (characters.length <= skillLimits.descriptionLength) return undefined;
  const fits = characters.slice(0, skillLimits.descriptionLength).join('');
  const sentence = Math.max(...['. ', '! ', '? '].map((end) => fits.lastIndexOf(end)));
  const word = fits.lastIndexOf(' ');
  const cut = sentence > fits.length / 2 ? sentence + 1 : word > 0 ? word : fits.length;
  const kept = description.slice(0, cut).trim();
  const rest = description.slice(cut).trim();
  try {
    const shortened = setFrontmatterField(document, 'description', kept);
    const eol = document.lineEnding;
    const body = shortened.body.replace(/^(\r?\n)*/, '');
    return serializeSkill(setSkillBody(shortened, `${eol}${rest}${eol}${eol}${body}`));
  } catch {
    return undefined;
  }
}

/** The value of the `key: value` line `line` (1-based) in double quotes, escaped as YAML reads them. */
function quoteValue(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  const index = line - 1;
  const lineText = lines[index];
  if (lineText === undefined) return undefined;
  const carriageReturn = lineText.endsWith('\r') ? '\r' : '';
  const match = KEY_VALUE_LINE.exec(carriageReturn ? lineText.slice(0, -1) : lineText);
  if (!match) return undefined;
  const [, key, value] = match;
  // JSON's escapes are YAML's in a double-quoted scalar.
  lines[index] = `${key} ${JSON.stringify(value)}${carriageReturn}`;
  return lines.join('\n');
}
