/**
 * promptfoo dereferences JSON references in a config before reading it, which is how
 * suites reuse assertion templates: `- $ref: '#/assertionTemplates/isPolite'`. This
 * resolves references within the same document (`#/...` JSON Pointers); keys written
 * beside `$ref` are kept over the target's, as promptfoo's parser does.
 */

/** A reference that could not be resolved, at the path of the object holding `$ref`. */
export interface RefProblem {
  path: PropertyKey[];
  message: string;
}

/** Nesting beyond this is a reference loop (`a` → `b` → `a`). */
const MAX_DEPTH = 50;

/** True for a `{$ref: ...}` object left in place because it could not be resolved (already reported). */
export function isUnresolvedRef(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}

export function resolveJsonRefs(document: unknown): { value: unknown; problems: RefProblem[] } {
  const problems: RefProblem[] = [];
  const value = resolve(document, document, [], 0, problems);
  return { value, problems };
}

function resolve(value: unknown, document: unknown, path: PropertyKey[], depth: number, problems: RefProblem[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => resolve(item, document, [...path, index], depth, problems));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if (typeof object.$ref === 'string') {
    const { $ref: reference, ...beside } = object;
    const target = lookUp(reference as string, document);
    // An unresolved reference stays as written; its one problem is reported here, and readers skip it.
    if ('problem' in target) {
      problems.push({ path, message: target.problem });
      return object;
    }
    if (depth >= MAX_DEPTH) {
      problems.push({ path, message: `$ref ${reference} leads back to itself; break the loop of references` });
      return object;
    }
    const resolved = resolve(target.value, document, path, depth + 1, problems);
    if (typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) return Object.keys(beside).length === 0 ? resolved : beside;
    return { ...(resolved as Record<string, unknown>), ...(resolve(beside, document, path, depth, problems) as Record<string, unknown>) };
  }
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolve(item, document, [...path, key], depth, problems)]));
}

function lookUp(reference: string, document: unknown): { value: unknown } | { problem: string } {
  if (!reference.startsWith('#')) {
    return { problem: `$ref ${reference} points into another file, which is not supported; copy what it names into this file (e.g. under assertionTemplates) and write $ref: '#/assertionTemplates/<name>'` };
  }
  const pointer = decodeURIComponent(reference.slice(1));
  if (pointer !== '' && !pointer.startsWith('/')) return { problem: `$ref ${reference} is not a JSON Pointer; write it as '#/assertionTemplates/<name>'` };
  let current: unknown = document;
  for (const token of pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, token)) {
      return { problem: `$ref ${reference} names nothing in this file; define it (e.g. assertionTemplates: {${token}: {type: contains, value: ...}}) or fix the name` };
    }
    current = (current as Record<string, unknown>)[token];
  }
  return { value: current };
}
