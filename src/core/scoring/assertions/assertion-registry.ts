import { closestMatches } from '../../tasks/closest-match';
import type { AssertionSpec } from '../../tasks/eval-task';
import type { AssertionDefinition } from './assertion-definition';
import { containsAllAssertion, icontainsAllAssertion } from './contains-all';
import { containsAnyAssertion, icontainsAnyAssertion } from './contains-any';
import { containsJsonAssertion } from './contains-json';
import { containsAssertion } from './contains';
import { equalsAssertion } from './equals';
import { icontainsAssertion } from './icontains';
import { isJsonAssertion } from './is-json';
import { javascriptAssertion } from './javascript';
import { maxLengthAssertion } from './max-length';
import { maxWordsAssertion } from './max-words';
import { minLengthAssertion } from './min-length';
import { minWordsAssertion } from './min-words';
import { regexAssertion } from './regex';
import { startsWithAssertion } from './starts-with';
import { wordCountAssertion } from './word-count';
import { costAssertion, latencyAssertion } from './call-usage-assertions';
import { isRefusalAssertion } from './is-refusal';
import { containsSqlAssertion, isSqlAssertion } from './is-sql';
import { judgedAssertions } from './judged-assertions';
import { pythonAssertion } from './python';

const definitions: readonly AssertionDefinition[] = [
  equalsAssertion,
  containsAssertion,
  icontainsAssertion,
  containsAnyAssertion,
  icontainsAnyAssertion,
  containsAllAssertion,
  icontainsAllAssertion,
  startsWithAssertion,
  regexAssertion,
  isJsonAssertion,
  containsJsonAssertion,
  isSqlAssertion,
  containsSqlAssertion,
  javascriptAssertion,
  maxLengthAssertion,
  minLengthAssertion,
  maxWordsAssertion,
  minWordsAssertion,
  wordCountAssertion,
  isRefusalAssertion,
  pythonAssertion,
  costAssertion,
  latencyAssertion,
  ...judgedAssertions,
];

const byType = new Map(definitions.map((definition) => [definition.type, definition]));

/** Every supported base type (each also works with a `not-` prefix). */
export const ASSERTION_TYPES: readonly string[] = definitions.map((definition) => definition.type);

/** `not-contains` → {definition: contains, negated: true}; undefined for an unknown type. */
export function resolveAssertionType(type: string): { definition: AssertionDefinition; negated: boolean } | undefined {
  const negated = type.startsWith('not-');
  const definition = byType.get(negated ? type.slice(4) : type);
  return definition ? { definition, negated } : undefined;
}

/** A problem with one field of an assertion spec; `field` is the key to point at. */
export interface AssertionSpecProblem {
  field: 'type' | 'value' | 'weight' | 'threshold';
  message: string;
}

/**
 * Everything wrong with an assertion spec, checked when the eval file loads so a typo
 * shows before any model is called. Empty when the spec is usable.
 */
export function checkAssertionSpec(spec: AssertionSpec): AssertionSpecProblem[] {
  const resolved = resolveAssertionType(spec.type);
  if (!resolved) {
    return [{ field: 'type', message: `unknown assertion type '${spec.type}'; ${suggestType(spec.type)}` }];
  }
  const problems: AssertionSpecProblem[] = [];
  const valueProblem = resolved.definition.checkValue(spec.value);
  if (valueProblem) problems.push({ field: 'value', message: `'${spec.type}' ${valueProblem}` });
  if (spec.weight !== undefined && !(typeof spec.weight === 'number' && Number.isFinite(spec.weight) && spec.weight >= 0)) {
    problems.push({ field: 'weight', message: 'weight must be a number ≥ 0 (default 1; 0 reports the check without scoring it)' });
  }
  if (spec.threshold !== undefined && !(typeof spec.threshold === 'number' && spec.threshold >= 0 && spec.threshold <= 1)) {
    const limitHint = resolved.definition.thresholdIsLimit ? `; the limit of '${spec.type}' goes in "value" (${resolved.definition.valueHelp})` : '';
    problems.push({ field: 'threshold', message: `threshold must be a number from 0 to 1: the score at or above which the check passes${limitHint}` });
  }
  return problems;
}

/** "did you mean 'contains'?" for near misses, else the list of supported types. */
/** Suggestions by misspelled type: a file repeating one typo thousands of times computes it once. */
const suggestions = new Map<string, string>();

function suggestType(type: string): string {
  let suggestion = suggestions.get(type);
  if (suggestion === undefined) {
    suggestion = computeSuggestion(type);
    if (suggestions.size < 1000) suggestions.set(type, suggestion);
  }
  return suggestion;
}

function computeSuggestion(type: string): string {
  const close = closestMatches(type.replace(/^not-/, ''), ASSERTION_TYPES);
  if (close.length > 0) return `did you mean ${close.map((known) => `'${type.startsWith('not-') ? 'not-' : ''}${known}'`).join(' or ')}?`;
  return `use one of ${ASSERTION_TYPES.join(', ')} (each may take a 'not-' prefix)`;
}
