/**
 * `{{name}}` templates, the subset of promptfoo's Nunjucks syntax that suites use for
 * prompts and assertion values, and the syntax of our own Markdown prompt files.
 */

export interface RenderedTemplate {
  text: string;
  /** Variable names the template used but `vars` did not have (rendered as empty text). */
  missing: string[];
  /**
   * `{{ ... }}` and `{% ... %}` tags beyond a plain (dotted) variable name, such as
   * filters or loops. They are left in the text unchanged.
   */
  unsupported: string[];
}

const tagPattern = /\{\{\s*([^{}]*?)\s*\}\}|\{%[\s\S]*?%\}/g;
const variablePath = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*$/;

/**
 * Replaces each `{{ name }}` (or `{{ a.b }}`, `{{ list[0] }}`) with the variable's value
 * in one pass, so text that comes from a value is never rendered again. Strings go in
 * as they are; other values as JSON.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, unknown>>): RenderedTemplate {
  const missing = new Set<string>();
  const unsupported = new Set<string>();
  const text = template.replace(tagPattern, (tag: string, expression: string | undefined) => {
    if (expression === undefined || !variablePath.test(expression)) {
      unsupported.add(tag);
      return tag;
    }
    const value = lookUp(vars, expression);
    if (value === undefined) {
      missing.add(expression);
      return '';
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  return { text, missing: [...missing], unsupported: [...unsupported] };
}

/** Variable names a template refers to, in order of first use. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(tagPattern)) {
    if (match[1] !== undefined && variablePath.test(match[1])) names.add(match[1].split(/[.[]/)[0]);
  }
  return [...names];
}

function lookUp(vars: Readonly<Record<string, unknown>>, expression: string): unknown {
  let current: unknown = vars;
  for (const part of expression.split(/\.|\[(\d+)\]/).filter((piece) => piece !== undefined && piece !== '')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
