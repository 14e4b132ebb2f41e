/**
 * Output templates of the simulated target: literal text with slots
 * `{{rule-id|text when the rule is followed|text when it is not}}` (the last part may
 * be left out: empty). Rendering picks one alternative per slot; matching recovers,
 * from an output alone, which rules were followed — that is how the simulated judge
 * grades without any memory of the call that produced the output.
 */

export type TemplatePart = { literal: string } | { rule: string; followed: string; violated: string };

const slotPattern = /\{\{([a-z0-9][a-z0-9-]*)\|([^|{}]*)(?:\|([^{}]*))?\}\}/g;

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(slotPattern)) {
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push({ rule: match[1], followed: match[2], violated: match[3] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return parts;
}

/** Rule ids a template has slots for, in order of first appearance. */
export function templateRules(parts: readonly TemplatePart[]): string[] {
  const rules: string[] = [];
  for (const part of parts) if ('rule' in part && !rules.includes(part.rule)) rules.push(part.rule);
  return rules;
}

export function renderTemplate(parts: readonly TemplatePart[], followed: ReadonlySet<string>): string {
  return parts.map((part) => ('literal' in part ? part.literal : followed.has(part.rule) ? part.followed : part.violated)).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The rules followed in `output` if it was rendered from this template, else
 * undefined. A rule with several slots counts as followed only when every slot shows it.
 */
export function matchTemplate(parts: readonly TemplatePart[], output: string): Set<string> | undefined {
  const slots = parts.filter((part): part is Extract<TemplatePart, { rule: string }> => 'rule' in part);
  const pattern = parts
    .map((part) =>
      'literal' in part ? escapeRegExp(part.literal) : `(${escapeRegExp(part.followed)}|${escapeRegExp(part.violated)})`,
    )
    .join('');
  const match = new RegExp(`^\\s*${pattern}\\s*$`, 's').exec(output);
  if (!match) return undefined;
  const followed = new Set(slots.map((slot) => slot.rule));
  slots.forEach((slot, index) => {
    const followedMatches = match[index + 1] === slot.followed;
    if (!followedMatches || slot.followed === slot.violated) followed.delete(slot.rule);
  });
  return followed;
}
