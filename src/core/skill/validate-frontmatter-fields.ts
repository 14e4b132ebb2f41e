import { claudeCodeKeys, describeValueType, hasShape, isKnownFrontmatterKey, suggestFrontmatterKey } from './frontmatter-keys';
import { isPlaceholderDescription } from './new-skill-text';
import { skillError, skillWarning, type SkillFix, type SkillProblem } from './skill-problem';

/** Limits from the Agent Skills specification, in characters (Unicode code points). */
export const skillLimits = { nameLength: 64, descriptionLength: 1024, compatibilityLength: 500 } as const;

/** Where a key sits, for messages; `missingLine` is used for keys that are absent. */
export interface FieldLocator {
  readonly keyLine: (...path: string[]) => number | undefined;
  readonly missingLine: number;
}

/** Checks the frontmatter mapping against the Agent Skills spec and Claude Code's keys. */
export function validateFrontmatterFields(
  data: Record<string, unknown>,
  locator: FieldLocator,
  options: { folderName?: string },
): SkillProblem[] {
  const lineOf = (...path: string[]) => locator.keyLine(...path) ?? locator.missingLine;
  const problems: SkillProblem[] = [];
  problems.push(...checkName(data, lineOf, options.folderName, locator.missingLine));
  problems.push(...checkDescription(data, lineOf, locator.missingLine));
  problems.push(...checkOptionalSpecFields(data, lineOf));
  for (const [key, value] of Object.entries(data)) {
    const shape = claudeCodeKeys[key];
    if (shape && !hasShape(value, shape)) {
      const quotable = shape === 'string' && Array.isArray(value);
      problems.push(skillWarning(lineOf(key), claudeCodeShapeMessage(key, value, shape), quotable ? [{ kind: 'quote_value' }] : undefined));
    }
    if (!isKnownFrontmatterKey(key)) {
      const suggestion = suggestFrontmatterKey(key);
      // `metadata` holds text only, so a list or mapping cannot simply move there.
      const scalar = ['string', 'number', 'boolean'].includes(typeof data[key]);
      const keep = scalar ? 'Move it under `metadata:` if it is yours.' : 'Delete it, or keep that data in a file beside SKILL.md (`metadata` holds only text values).';
      const fix = suggestion ? `Did you mean \`${suggestion}\`?` : keep;
      problems.push(skillWarning(lineOf(key), `Unknown frontmatter key \`${key}\`: the Agent Skills spec and Claude Code ignore it. ${fix}`));
    }
  }
  return problems;
}

function characterCount(text: string): number {
  return [...text].length;
}

function checkName(
  data: Record<string, unknown>,
  lineOf: (...path: string[]) => number,
  folderName: string | undefined,
  missingLine: number,
): SkillProblem[] {
  const example = folderName ?? 'my-skill';
  const folderIsValid = folderName !== undefined && suggestSkillName(folderName) === folderName;
  const useFolder: SkillFix[] = folderIsValid ? [{ kind: 'set_name', name: folderName }] : [];
  if (!('name' in data)) return [skillError(missingLine, `The frontmatter has no \`name\`. Add \`name: ${example}\` (the skill's folder name).`, useFolder)];
  const name = data.name;
  const line = lineOf('name');
  if (typeof name !== 'string') {
    const fix = name === null ? `Write \`name: ${example}\`.` : 'Write it in quotes.';
    return [skillError(line, `\`name\` must be text; it is ${describeValueType(name)}. ${fix}`, name === null ? useFolder : [{ kind: 'quote_value' }])];
  }
  if (name.trim() === '') return [skillError(line, `\`name\` is empty. Write \`name: ${example}\`.`, useFolder)];
  const suggested: SkillFix[] = [{ kind: 'set_name', name: suggestSkillName(name) }];
  const problems: SkillProblem[] = [];
  const length = characterCount(name);
  if (length > skillLimits.nameLength) {
    problems.push(skillError(line, `\`name\` is ${length} characters long; the limit is ${skillLimits.nameLength}. Shorten it (and the folder name).`));
  }
  const invalid = [...new Set(name.replace(/[a-z0-9-]/g, ''))];
  if (invalid.length > 0) {
    const uppercase = name !== name.toLowerCase();
    const what = uppercase ? 'must be lowercase and may' : 'may';
    problems.push(
      skillError(line, `\`name\` ${what} only contain a–z, 0–9 and '-'; found ${invalid.map((c) => `'${c}'`).join(', ')}. Use \`${suggestSkillName(name)}\`.`, suggested),
    );
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    problems.push(skillError(line, `\`name\` may not start or end with '-'. Use \`${suggestSkillName(name)}\`.`, suggested));
  }
  if (name.includes('--')) problems.push(skillError(line, `\`name\` may not contain '--'. Use \`${suggestSkillName(name)}\`.`, suggested));
  if (folderName !== undefined && name !== folderName) {
    // Suggesting `name: <folder>` is only useful when the folder name is itself valid.
    const fix = folderIsValid
      ? `Rename the folder or set \`name: ${folderName}\`.`
      : `Rename the folder to \`${suggestSkillName(name)}\` ('${folderName}' is not a valid skill name).`;
    const fixes: SkillFix[] = [...useFolder, { kind: 'rename_folder', folderName: suggestSkillName(name) }];
    problems.push(skillError(line, `\`name\` is '${name}' but the skill's folder is '${folderName}'; they must be equal. ${fix}`, fixes));
  }
  const reserved = ['anthropic', 'claude'].find((word) => name.toLowerCase().includes(word));
  if (reserved) {
    problems.push(skillWarning(line, `\`name\` contains the reserved word '${reserved}'; the Claude API rejects such skills. Choose another name.`));
  }
  return problems;
}

/** A name that satisfies the spec, derived from `text` ("PDF Tools_v2" → "pdf-tools-v2"). */
export function suggestSkillName(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, skillLimits.nameLength)
    .replace(/-+$/, '');
  return slug === '' ? 'my-skill' : slug;
}

function checkDescription(data: Record<string, unknown>, lineOf: (...path: string[]) => number, missingLine: number): SkillProblem[] {
  const fix = 'says what the skill does and when to use it';
  if (!('description' in data)) return [skillError(missingLine, `The frontmatter has no \`description\`. Add \`description: …\` that ${fix}.`)];
  const description = data.description;
  const line = lineOf('description');
  if (typeof description !== 'string') {
    const extra = Array.isArray(description) ? ' (text starting with `[` is read as a list: quote it)' : '';
    return [skillError(line, `\`description\` must be text; it is ${describeValueType(description)}${extra}. Write one that ${fix}.`, description === null ? [] : [{ kind: 'quote_value' }])];
  }
  if (description.trim() === '') return [skillError(line, `\`description\` is empty. Write one that ${fix}.`)];
  const problems: SkillProblem[] = [];
  const length = characterCount(description);
  if (length > skillLimits.descriptionLength) {
    problems.push(
      skillError(line, `\`description\` is ${length} characters long; the limit is ${skillLimits.descriptionLength}. Shorten it and move detail into the body.`, [{ kind: 'shorten_description' }]),
    );
  }
  if (isPlaceholderDescription(description)) {
    problems.push(skillWarning(line, `\`description\` is still the placeholder Create Skill wrote. Agents choose a skill by its description: write one that ${fix}.`));
  }
  const tag = /<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/.exec(description);
  if (tag) {
    problems.push(skillWarning(line, `\`description\` contains the XML tag ${tag[0]}; the Claude API rejects descriptions with XML tags. Reword it without angle brackets.`));
  }
  return problems;
}

function checkOptionalSpecFields(data: Record<string, unknown>, lineOf: (...path: string[]) => number): SkillProblem[] {
  const problems: SkillProblem[] = [];
  for (const key of ['license', 'compatibility'] as const) {
    if (!(key in data)) continue;
    const value = data[key];
    if (value === null || value === '') {
      problems.push(skillWarning(lineOf(key), `\`${key}\` is empty. Give it a value or remove the line.`));
    } else if (typeof value !== 'string') {
      problems.push(skillError(lineOf(key), `\`${key}\` must be text; it is ${describeValueType(value)}. Write it in quotes.`, [{ kind: 'quote_value' }]));
    } else if (key === 'compatibility' && characterCount(value) > skillLimits.compatibilityLength) {
      problems.push(
        skillError(lineOf(key), `\`compatibility\` is ${characterCount(value)} characters long; the limit is ${skillLimits.compatibilityLength}. Keep only the environment requirements.`),
      );
    }
  }
  if ('metadata' in data) problems.push(...checkMetadata(data.metadata, lineOf));
  if ('allowed-tools' in data) {
    const tools = data['allowed-tools'];
    if (!hasShape(tools, 'string-or-list')) {
      problems.push(
        skillError(lineOf('allowed-tools'), `\`allowed-tools\` must be a space-separated string of tool names (or a list of names); it is ${describeValueType(tools)}${Array.isArray(tools) ? ' with non-text items' : ''}. Example: \`allowed-tools: Read Grep Bash(git:*)\`.`),
      );
    }
  }
  return problems;
}

function checkMetadata(metadata: unknown, lineOf: (...path: string[]) => number): SkillProblem[] {
  if (metadata === null) return [skillWarning(lineOf('metadata'), '`metadata` is empty. Add `key: value` lines under it or remove it.')];
  if (!hasShape(metadata, 'mapping')) {
    return [skillError(lineOf('metadata'), `\`metadata\` must be a mapping of text keys to text values; it is ${describeValueType(metadata)}. Write \`metadata:\` then indented \`key: value\` lines.`)];
  }
  const problems: SkillProblem[] = [];
  for (const [key, value] of Object.entries(metadata as Record<string, unknown>)) {
    const line = lineOf('metadata', key);
    if (typeof value === 'number' || typeof value === 'boolean') {
      problems.push(
        skillWarning(line, `\`metadata.${key}\` is ${describeValueType(value)}; the spec wants text and YAML may change it (1.0 reads as 1). Put it in quotes: \`${key}: "…"\`.`, [{ kind: 'quote_value' }]),
      );
    } else if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
      // A warning, not an error: agents ignore metadata, and other validators turn such values into text.
      problems.push(
        skillWarning(line, `\`metadata.${key}\` is a list; the spec wants text values. Write it as one text value: \`${key}: "${value.map(String).join(', ')}"\`.`),
      );
    } else if (typeof value !== 'string') {
      problems.push(
        skillWarning(line, `\`metadata.${key}\` is ${describeValueType(value)}; the spec wants a flat map of text values. Write it as text, or keep that data in a file beside SKILL.md.`),
      );
    }
  }
  return problems;
}

function claudeCodeShapeMessage(key: string, value: unknown, shape: string): string {
  if (shape === 'boolean' && (value === 'true' || value === 'false')) {
    return `\`${key}\` is the text "${value}", not a true/false value. Remove the quotes: \`${key}: ${value}\`.`;
  }
  if (shape === 'string' && Array.isArray(value)) {
    return `\`${key}\` was read as a list because it starts with '['. Quote it: \`${key}: "[${value.join(', ')}]"\`.`;
  }
  const wanted: Record<string, string> = {
    string: 'text',
    boolean: 'true or false',
    mapping: 'a mapping',
    scalar: 'text or a number',
    'string-or-list': 'text or a list of text',
  };
  return `Claude Code expects \`${key}\` to be ${wanted[shape]}; it is ${describeValueType(value)}.`;
}
