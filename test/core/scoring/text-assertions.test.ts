import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './assertion-helpers';

const output = 'Good news: you can start a Free Trial today.\nIt lasts 14 days.';

test('contains: pass and fail with reasons a person can act on', async () => {
  assert.deepEqual((await check({ type: 'contains', value: 'Free Trial' }, output)), {
    kind: 'assertion',
    name: 'contains',
    pass: true,
    score: 1,
    weight: 1,
    reason: "expected to contain 'Free Trial'; it did (at character 28)",
  });
  const failed = (await check({ type: 'contains', value: 'free trial' }, output));
  assert.equal(failed.pass, false);
  assert.equal(failed.score, 0);
  assert.equal(failed.reason, "expected to contain 'free trial'; it did not");
});

test('not- flips pass and score and says "not"', async () => {
  const failed = (await check({ type: 'not-contains', value: 'Free Trial' }, output));
  assert.equal(failed.pass, false);
  assert.equal(failed.score, 0);
  assert.equal(failed.reason, "expected not to contain 'Free Trial'; it did (at character 28)");
  const passed = (await check({ type: 'not-contains', value: 'refund' }, output));
  assert.equal(passed.pass, true);
  assert.equal(passed.score, 1);
  assert.equal(passed.reason, "expected not to contain 'refund'; it did not");
});

test('icontains ignores case', async () => {
  assert.equal((await check({ type: 'icontains', value: 'free trial' }, output)).pass, true);
  assert.equal((await check({ type: 'icontains', value: 'refund' }, output)).reason, "expected to contain 'refund' (any case); it did not");
  assert.equal((await check({ type: 'not-icontains', value: 'FREE' }, output)).pass, false);
});

test('contains-any and icontains-any', async () => {
  assert.equal((await check({ type: 'contains-any', value: ['refund', 'Trial'] }, output)).reason, "expected to contain at least one of 'refund', 'Trial'; it contains 'Trial'");
  const none = (await check({ type: 'contains-any', value: ['refund', 'trial'] }, output));
  assert.equal(none.pass, false);
  assert.equal(none.reason, "expected to contain at least one of 'refund', 'trial'; it contains none of them");
  assert.equal((await check({ type: 'icontains-any', value: ['refund', 'trial'] }, output)).pass, true);
  assert.equal((await check({ type: 'not-contains-any', value: ['refund', 'voucher'] }, output)).pass, true);
});

test('contains-all scores the fraction found; a threshold accepts partial coverage', async () => {
  const partial = (await check({ type: 'contains-all', value: ['Free Trial', '14 days', 'cancel', 'refund'] }, output));
  assert.equal(partial.pass, false);
  assert.equal(partial.score, 0.5);
  assert.equal(partial.reason, "expected to contain all of 'Free Trial', '14 days', 'cancel', 'refund'; it is missing 'cancel', 'refund'");
  const thresholded = (await check({ type: 'contains-all', value: ['Free Trial', '14 days', 'cancel', 'refund'], threshold: 0.5 }, output));
  assert.equal(thresholded.pass, true);
  assert.match(thresholded.reason, /\(score 0\.5, threshold 0\.5\)$/);
  assert.equal((await check({ type: 'contains-all', value: ['Free Trial', '14 days'] }, output)).pass, true);
  assert.equal((await check({ type: 'icontains-all', value: ['free trial', '14 DAYS'] }, output)).pass, true);
  const negated = (await check({ type: 'not-contains-all', value: ['Free Trial', 'refund'] }, output));
  assert.equal(negated.pass, true);
  assert.equal(negated.score, 0.5);
});

test('starts-with ignores the output\'s leading whitespace', async () => {
  assert.equal((await check({ type: 'starts-with', value: 'Good news' }, `\n  ${output}`)).pass, true);
  assert.equal((await check({ type: 'starts-with', value: 'Bad news' }, output)).reason, "expected to start with 'Bad news'; it starts with 'Good news: you can start a F'");
  assert.equal((await check({ type: 'not-starts-with', value: 'Good' }, output)).pass, false);
});

test('equals compares trimmed text, or parsed JSON for object values', async () => {
  assert.equal((await check({ type: 'equals', value: '42' }, '42\n')).pass, true);
  assert.equal((await check({ type: 'equals', value: '42' }, '41')).reason, "expected to equal '42'; it is '41'");
  assert.equal((await check({ type: 'equals', value: 42 }, ' 42 ')).pass, true);
  assert.equal((await check({ type: 'equals', value: { a: [1, 2] } }, '{"a": [1, 2]}')).pass, true);
  assert.equal((await check({ type: 'equals', value: { a: 1 } }, 'a=1')).reason, `expected to equal the JSON '{"a":1}'; the output is not JSON`);
  assert.equal((await check({ type: 'not-equals', value: 'x' }, 'y')).pass, true);
});

test('regex accepts a pattern or {pattern, flags}', async () => {
  assert.equal((await check({ type: 'regex', value: '\\d+ days' }, output)).reason, "expected to match /\\d+ days/; it did ('14 days' at character 55)");
  assert.equal((await check({ type: 'regex', value: '^it lasts' }, output)).pass, false);
  assert.equal((await check({ type: 'regex', value: { pattern: '^it lasts', flags: 'im' } }, output)).pass, true);
  assert.equal((await check({ type: 'not-regex', value: 'refund' }, output)).pass, true);
});

test('weight is carried into the check; default 1', async () => {
  assert.equal((await check({ type: 'contains', value: 'Free', weight: 3 }, output)).weight, 3);
  assert.equal((await check({ type: 'contains', value: 'Free', weight: 0 }, output)).weight, 0);
  assert.equal((await check({ type: 'contains', value: 'Free' }, output)).weight, 1);
});

test('a threshold on a yes/no check passes at or above it', async () => {
  assert.equal((await check({ type: 'contains', value: 'nope', threshold: 0 }, output)).pass, true);
  assert.equal((await check({ type: 'contains', value: 'Free', threshold: 1 }, output)).pass, true);
  assert.equal((await check({ type: 'not-contains', value: 'Free', threshold: 0.5 }, output)).pass, false);
});
