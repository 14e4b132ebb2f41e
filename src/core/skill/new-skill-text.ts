/**
 * The text of a new SKILL.md (Create Skill), and the placeholder description it holds
 * until the person writes one: the validator flags a placeholder left unchanged, since
 * agents pick skills by their description.
 */

/** The description a new skill gets when none is given. */
export function placeholderDescription(name: string): string {
  return `Describe what ${name} does and when an agent should use it.`;
}

/** True for a description that is still the placeholder (of any name). */
export function isPlaceholderDescription(description: string): boolean {
  return /^Describe what \S+ does and when an agent should use it\.$/.test(description.trim());
}

/**
 * A new skill: the frontmatter the spec requires (the description in double quotes, so
 * any text is valid YAML) and a heading.
 */
export function newSkillText(name: string, description = placeholderDescription(name)): string {
  return ['---', `name: ${name}`, `description: ${JSON.stringify(description.replace(/\s*\r?\n\s*/g, ' ').trim())}`, '---', `# ${name}`, '', ''].join('\n');
}
