import { type AssertionOutcome, type LocalAssertionDefinition, binaryOutcome } from './assertion-definition';
import { checkLibrary, namedExports } from './check-library';

type FastXmlParser = typeof import('fast-xml-parser');
const fastXmlParser = checkLibrary('fast-xml-parser', "'is-xml' and 'contains-xml'", async () => namedExports<FastXmlParser>(await import('fast-xml-parser')));

const VALUE_HELP = 'optional: elements the XML must have, as dot paths from the root ("root.child"): a list, a comma-separated text, or {requiredElements: [...]}';
/** How many places that look like the start of XML `contains-xml` tries, so a huge reply stays quick. */
const MAX_CANDIDATES = 50;

/**
 * `is-xml`: the whole output (surrounding whitespace ignored) is well-formed XML and has
 * every element named in `value` (see {@link requiredElements}).
 */
export const isXmlAssertion: LocalAssertionDefinition = {
  type: 'is-xml',
  valueHelp: VALUE_HELP,
  checkValue: checkRequiredElements,
  async evaluate(output, value) {
    const required = requiredElements(value);
    const problem = xmlProblem(await fastXmlParser(), output.trim(), required);
    return binaryOutcome(problem === undefined, expectation('be well-formed XML', required), problem ?? 'it is');
  },
};

/**
 * `contains-xml`: somewhere in the output (prose or a code fence around it) is
 * well-formed XML — from an opening tag (or `<?xml ...?>`) to the last closing tag of the
 * same name — with every element named in `value`.
 */
export const containsXmlAssertion: LocalAssertionDefinition = {
  type: 'contains-xml',
  valueHelp: VALUE_HELP,
  checkValue: checkRequiredElements,
  async evaluate(output, value): Promise<AssertionOutcome> {
    const parser = await fastXmlParser();
    const required = requiredElements(value);
    const expected = expectation('contain well-formed XML', required);
    const candidates = xmlCandidates(output);
    if (candidates.length === 0) return binaryOutcome(false, expected, 'it contains no element with a closing tag');
    let firstProblem = '';
    for (const candidate of candidates) {
      const problem = xmlProblem(parser, candidate, required);
      if (problem === undefined) return binaryOutcome(true, expected, 'it does');
      firstProblem ||= problem;
    }
    return binaryOutcome(false, expected, `it does not: the XML that starts ${JSON.stringify(candidates[0].slice(0, 30))} ${firstProblem.replace(/^it /, '')}`);
  },
};

function expectation(what: string, required: string[]): string {
  return required.length === 0 ? what : `${what} with ${required.join(', ')}`;
}

/** Why `text` is not well-formed XML with the required elements, or undefined when it is. */
function xmlProblem({ XMLParser, XMLValidator }: FastXmlParser, text: string, required: string[]): string | undefined {
  if (!text.startsWith('<')) return 'it does not start with a tag';
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) return `it is not (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`;
  if (required.length === 0) return undefined;
  const parsed: unknown = new XMLParser({ ignoreAttributes: false, allowBooleanAttributes: true }).parse(text);
  const missing = required.filter((path) => !hasPath(parsed, path.split('.')));
  return missing.length === 0 ? undefined : `it is missing ${missing.join(', ')}`;
}

/** True when the parsed XML has the element path; a repeated element has it when any of its copies does. */
function hasPath(node: unknown, path: string[]): boolean {
  if (path.length === 0) return true;
  if (Array.isArray(node)) return node.some((item) => hasPath(item, path));
  if (node === null || typeof node !== 'object') return false;
  const child = (node as Record<string, unknown>)[path[0]];
  return child !== undefined && hasPath(child, path.slice(1));
}

/** Stretches of the output that may be XML: an opening tag to the last closing tag of its name. */
function xmlCandidates(output: string): string[] {
  const candidates: string[] = [];
  for (const start of output.matchAll(/<(\?xml\b|[A-Za-z_][\w.:-]*)/g)) {
    if (candidates.length >= MAX_CANDIDATES) break;
    const from = start.index ?? 0;
    const name = start[1] === '?xml' ? /<([A-Za-z_][\w.:-]*)/.exec(output.slice(from + 5))?.[1] : start[1];
    if (name === undefined) continue;
    let end = -1;
    for (const closing of output.slice(from).matchAll(new RegExp(`</${name.replace(/\./g, '\\.')}\\s*>`, 'g'))) end = from + (closing.index ?? 0) + closing[0].length;
    if (end > from) candidates.push(output.slice(from, end));
  }
  return candidates;
}

/** The element paths `value` asks for: none, a comma-separated text, a list, or {requiredElements: [...]}. */
function requiredElements(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((path) => path.trim()).filter((path) => path !== '');
  if (Array.isArray(value)) return value.map(String);
  if (value !== null && typeof value === 'object' && Array.isArray((value as { requiredElements?: unknown }).requiredElements)) {
    return (value as { requiredElements: unknown[] }).requiredElements.map(String);
  }
  return [];
}

function checkRequiredElements(value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() !== '')) return undefined;
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isObject && Object.keys(value).length === 0) return undefined;
  const list = isObject ? (value as { requiredElements?: unknown }).requiredElements : value;
  if (Array.isArray(list) && list.every((path) => (typeof path === 'string' && path.trim() !== '') || typeof path === 'number')) return undefined;
  return 'takes an optional "value": the elements the XML must have as dot paths from the root, e.g. "value": ["analysis.sentiment", "analysis.summary"] or {"requiredElements": ["analysis.sentiment"]}';
}
