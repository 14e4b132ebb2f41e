/*
 * Seeded generators of SKILL.md-like text and of optimizer edits, for the property-style
 * tests. The same seed always gives the same documents, so a failure names a seed that
 * reproduces it.
 */

import { createSeededRandom } from '../../../src/core/tasks/seeded-random';

/** The project's one seeded PRNG (mulberry32); floats in [0, 1). */
export const seededRandom = (seed: number): (() => number) => createSeededRandom(seed);

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export const markers = ['<!-- SLOW_UPDATE_START -->', '<!-- SLOW_UPDATE_END -->', '<!-- APPENDIX_START -->', '<!-- APPENDIX_END -->'];

/** Body lines real skills contain, plus the awkward ones (markers, fences, dashes). */
const bodyLines = [
  '# Skill title',
  '## Steps',
  '1. Read the input.',
  '- Use `jq` for JSON.',
  '',
  '',
  '   ',
  '---',
  '...',
  '```',
  '```yaml',
  'name: inside-a-fence',
  '\tindented with a tab',
  'Text with trailing spaces   ',
  'Ünïcödé — “quotes” 🙂',
  ...markers,
  `${markers[0]} inline ${markers[1]}`,
];

/** Frontmatter lines, valid and not. */
const yamlLines = [
  'name: generated-skill',
  'name: Bad_Name',
  'description: Does things. Use when asked.',
  'description: Use when: colon breaks YAML',
  'description: >',
  '  folded text',
  'description: |',
  '  literal text',
  'license: MIT',
  'compatibility: "Needs git"',
  'metadata:',
  '  version: 1.0',
  '  author: "me"',
  'allowed-tools: Read Grep',
  'allowed-tools: [Read, Grep]',
  'argument-hint: [file]',
  'user-invocable: "true"',
  'hooks: 3',
  '# a comment',
  '\tname: tabbed',
  'key: *alias',
  'anchor: &a value',
  '- list item',
  '"unterminated',
  '{flow: map}',
  '',
];

/** A random body: lines joined with `lineEnding`, sometimes without a final break. */
export function randomBody(random: () => number, lineEnding: string, maxLines = 12): string {
  const count = Math.floor(random() * maxLines);
  const lines = Array.from({ length: count }, () => pick(random, bodyLines));
  const text = lines.join(lineEnding);
  return random() < 0.7 && text !== '' ? text + lineEnding : text;
}

/** A random SKILL.md: optional BOM, frontmatter (maybe broken or unclosed), body; LF, CRLF or mixed. */
export function randomSkillText(random: () => number): string {
  const lineEnding = pick(random, ['\n', '\n', '\r\n']);
  const parts: string[] = [];
  if (random() < 0.2) parts.push('\uFEFF');
  if (random() < 0.75) {
    parts.push(pick(random, ['---', '---', '---  ', '--- ']) + lineEnding);
    const count = Math.floor(random() * 8);
    for (let index = 0; index < count; index += 1) parts.push(pick(random, yamlLines) + lineEnding);
    const close = pick(random, ['---', '---', '...', '']);
    if (close !== '') parts.push(close + (random() < 0.85 ? lineEnding : ''));
  }
  parts.push(randomBody(random, random() < 0.1 ? '\n' : lineEnding));
  return parts.join('');
}

/** `text` with a few random characters inserted, deleted or swapped for awkward ones. */
export function mutate(random: () => number, text: string): string {
  const awkward = ['\r', '\n', '\r\n', '-', ':', '\t', '"', "'", '#', '\uFEFF', '<!--', '-->', '\u0000', '\ud83d'];
  let result = text;
  const steps = 1 + Math.floor(random() * 4);
  for (let step = 0; step < steps; step += 1) {
    const at = Math.floor(random() * (result.length + 1));
    const action = random();
    if (action < 0.4) result = result.slice(0, at) + pick(random, awkward) + result.slice(at);
    else if (action < 0.7) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(random() * 5));
    else result = result.slice(0, at) + pick(random, markers) + result.slice(at);
  }
  return result;
}

/** An edit as an optimizer might send it; targets are often real substrings of `text`. */
export function randomEdit(random: () => number, text: string): { op: string; target?: string; content?: string } {
  const op = pick(random, ['append', 'insert_after', 'replace', 'delete', 'insert_after', 'replace', 'rewrite']);
  let target: string | undefined;
  const roll = random();
  if (roll < 0.6 && text.length > 0) {
    const start = Math.floor(random() * text.length);
    target = text.slice(start, start + 1 + Math.floor(random() * 30));
  } else if (roll < 0.7) {
    target = pick(random, markers);
  } else if (roll < 0.8) {
    target = '';
  } else if (roll < 0.9) {
    target = 'not in the document';
  }
  const content = pick(random, ['New rule.', '  padded  \n\n', 'multi\nline\ncontent', '', `${markers[0]}sneaky${markers[1]}`, '\t- bullet\n']);
  return target === undefined ? { op, content } : { op, target, content };
}
