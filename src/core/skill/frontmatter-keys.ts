import { editDistance } from '../tasks/closest-match';

/** The frontmatter keys the Agent Skills specification defines. */
export const specKeys = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'] as const;

/**
 * The extra keys Claude Code reads from a skill's frontmatter (its skills documentation,
 * plus `version`, which older Anthropic skills carry). Each maps to the value shape
 * Claude Code expects; a mismatch is a warning, since the spec does not govern them.
 */
export const claudeCodeKeys: Readonly<Record<string, ValueShape>> = {
  'argument-hint': 'string',
  arguments: 'string-or-list',
  'disable-model-invocation': 'boolean',
  'user-invocable': 'boolean',
  'disallowed-tools': 'string-or-list',
  model: 'string',
  effort: 'string',
  context: 'string',
  agent: 'string',
  hooks: 'mapping',
  paths: 'string-or-list',
  shell: 'string',
  version: 'scalar',
  when_to_use: 'string',
};

/** The value shapes frontmatter checks distinguish. */
export type ValueShape = 'string' | 'boolean' | 'mapping' | 'scalar' | 'string-or-list';

const knownKeys: readonly string[] = [...specKeys, ...Object.keys(claudeCodeKeys)];

/** True for keys defined by the spec or read by Claude Code. */
export function isKnownFrontmatterKey(key: string): boolean {
  return knownKeys.includes(key);
}

/**
 * The known key `key` was probably meant to be (`Description`, `allowed_tools`,
 * `descripton`), or undefined when none is close.
 */
export function suggestFrontmatterKey(key: string): string | undefined {
  const normalized = key.trim().toLowerCase().replace(/_/g, '-');
  let best: { key: string; distance: number } | undefined;
  for (const known of knownKeys) {
    const distance = editDistance(normalized, known.replace(/_/g, '-'));
    if (distance <= 2 && distance < normalized.length / 2 && (!best || distance < best.distance)) best = { key: known, distance };
  }
  return best?.key;
}

/** A short description of a YAML value's type for messages ("a number", "a list"). */
export function describeValueType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a true/false value';
  return 'text';
}

/** True when `value` has `shape`. */
export function hasShape(value: unknown, shape: ValueShape): boolean {
  switch (shape) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'mapping':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'scalar':
      return ['string', 'number', 'boolean'].includes(typeof value);
    case 'string-or-list':
      return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
  }
}
