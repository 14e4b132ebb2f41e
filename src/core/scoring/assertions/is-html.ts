import { type LocalAssertionDefinition, binaryOutcome } from './assertion-definition';
import { HTML_ELEMENTS, VOID_ELEMENTS } from './html-elements';

/** Past this many characters (10 MB) the HTML checks fail rather than scan, as promptfoo's do. */
const MAX_HTML_CHARACTERS = 10 * 1024 * 1024;

/** Signs of HTML and how strongly each counts; `contains-html` needs a total of 2. */
const HTML_SIGNS: readonly { pattern: RegExp; weight: number }[] = [
  { pattern: /<[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?\/>/, weight: 1 }, // self-closing tag
  { pattern: /&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);/, weight: 1 }, // entity
  { pattern: /<!DOCTYPE\s+html/i, weight: 2 },
  { pattern: /<!--[^-]*(?:-[^-]+)*-->/, weight: 1 }, // comment
  { pattern: /\s[a-zA-Z-]+=\s*["'][^"']*["']/, weight: 1 }, // attribute
  { pattern: /<(html|head|body|div|span|p|a|img|h[1-6]|ul|ol|li|table|tr|td|th|form|input|button|script|style|link|meta|br|hr)\b/i, weight: 2 },
];
const OPENING_TAG = /<[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?>/;
const CLOSING_TAG = /<\/[a-zA-Z][a-zA-Z0-9-]*\s*>/;

/**
 * `contains-html`: the output has HTML somewhere, judged as promptfoo does by adding up
 * signs (opening and closing tags, self-closing tags, entities, attributes, comments, a
 * DOCTYPE, well-known tag names) and asking for at least 2, so "a < b" or
 * "<john@example.com>" is not HTML.
 */
export const containsHtmlAssertion: LocalAssertionDefinition = {
  type: 'contains-html',
  valueHelp: 'no value',
  checkValue: () => undefined,
  evaluate(output) {
    const pass = output.length <= MAX_HTML_CHARACTERS && htmlSignCount(output) >= 2;
    return binaryOutcome(pass, 'contain HTML', pass ? 'it does' : 'it has no HTML tags, entities or attributes (at least two signs of HTML are needed)');
  },
};

function htmlSignCount(text: string): number {
  const tagPairs = Number(OPENING_TAG.test(text)) + Number(CLOSING_TAG.test(text));
  return HTML_SIGNS.reduce((count, sign) => count + (sign.pattern.test(text) ? sign.weight : 0), tagPairs);
}

/**
 * `is-html`: the whole output is HTML: a document or fragment whose text is all inside
 * elements (no prose before, between or after them), with at least one HTML element (or
 * custom element, named with a hyphen). An XML document is not HTML.
 */
export const isHtmlAssertion: LocalAssertionDefinition = {
  type: 'is-html',
  valueHelp: 'no value',
  checkValue: () => undefined,
  evaluate(output) {
    const problem = htmlProblem(output.trim());
    return binaryOutcome(problem === undefined, 'be HTML', problem ?? 'it is');
  },
};

function htmlProblem(text: string): string | undefined {
  if (text === '') return 'it is empty';
  if (text.length > MAX_HTML_CHARACTERS) return 'it is longer than 10 MB';
  if (/^<\?xml/i.test(text)) return 'it is XML, not HTML';
  // Comments, DOCTYPE and processing instructions hold no content.
  const content = text.replace(/<!--[\s\S]*?-->|<![^>]*>|<\?[^>]*>/g, '');
  const open: string[] = [];
  let known = false;
  let last = 0;
  for (const tag of content.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>/g)) {
    const between = content.slice(last, tag.index);
    if (open.length === 0 && between.trim() !== '') return `it has text outside any element (${JSON.stringify(between.trim().slice(0, 30))})`;
    last = (tag.index ?? 0) + tag[0].length;
    const name = tag[2].toLowerCase();
    known ||= HTML_ELEMENTS.has(name) || name.includes('-');
    if (tag[1] === '/') {
      // A closing tag closes its element and any left open inside it, as browsers do.
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else if (!VOID_ELEMENTS.has(name) && !tag[0].endsWith('/>')) {
      open.push(name);
    }
  }
  const after = content.slice(last);
  if (open.length === 0 && after.trim() !== '') return `it has text outside any element (${JSON.stringify(after.trim().slice(0, 30))})`;
  return known ? undefined : 'it has no HTML elements (no known tag such as <div> or <p>, nor a custom element with a hyphen)';
}
