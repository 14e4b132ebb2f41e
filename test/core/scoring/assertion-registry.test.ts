import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSERTION_TYPES, checkAssertionSpec, resolveAssertionType } from '../../../src/core/scoring/assertions/assertion-registry';

test('the registry has every documented type, each negatable', () => {
  for (const type of [
    'equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'starts-with', 'regex', 'is-json', 'contains-json',
    'javascript', 'max-length', 'min-length', 'max-words', 'min-words', 'word-count', 'icontains-any', 'icontains-all',
    'python', 'is-refusal', 'cost', 'latency', 'llm-rubric', 'g-eval', 'model-graded-closedqa', 'factuality', 'model-graded-factuality',
    'answer-relevance', 'context-faithfulness', 'context-recall', 'context-relevance', 'conversation-relevance', 'similar', 'moderation',
  ]) {
    assert.ok(ASSERTION_TYPES.includes(type), type);
    assert.equal(resolveAssertionType(`not-${type}`)?.negated, true);
  }
  // Model-graded types are decided by the judge, not evaluated locally.
  assert.ok('criterion' in resolveAssertionType('llm-rubric')!.definition);
  assert.ok(!('criterion' in resolveAssertionType('contains')!.definition));
});

test('spec checks: unknown types get a suggestion or the list; bad values, weights and thresholds say the fix', () => {
  assert.deepEqual(checkAssertionSpec({ type: 'not-icontain', value: 'x' }), [
    { field: 'type', message: "unknown assertion type 'not-icontain'; did you mean 'not-icontains' or 'not-contains'?" },
  ]);
  assert.match(checkAssertionSpec({ type: 'sentiment' })[0].message, /use one of equals, contains, .* \(each may take a 'not-' prefix\)/);
  assert.deepEqual(
    checkAssertionSpec({ type: 'contains', value: 'x', weight: -1, threshold: 2 }).map((problem) => problem.field),
    ['weight', 'threshold'],
  );
  assert.match(checkAssertionSpec({ type: 'contains-any', value: 'x' })[0].message, /non-empty list of strings/);
  assert.match(checkAssertionSpec({ type: 'word-count', value: { min: 5, max: 2 } })[0].message, /greater than "max"/);
  assert.match(checkAssertionSpec({ type: 'is-json', value: { type: 'nonsense' } })[0].message, /does not compile/);
  assert.match(checkAssertionSpec({ type: 'equals' })[0].message, /needs "value"/);
  assert.deepEqual(checkAssertionSpec({ type: 'is-json' }), []);
});
