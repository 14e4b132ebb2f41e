import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAssertionSpec } from '../../../src/core/scoring/assertions/assertion-registry';
import { bleuScore } from '../../../src/core/scoring/assertions/bleu';
import { gleuScore } from '../../../src/core/scoring/assertions/gleu';
import { inspectTaskSet } from '../../../src/core/tasks/load-task-set';
import { evalsJson, makeSkillFolder } from '../tasks/task-file-helpers';
import { check } from './assertion-helpers';

// Written from promptfoo's documentation of levenshtein, rouge-n, bleu and gleu; the
// expected numbers are worked out by hand in the comments.

const reference = 'the cat sat on the mat';
// "the cat sat on a mat" against it: 1-grams 5/6 match, 2-grams 3/5, 3-grams 2/4,
// 4-grams 1/3; same length, so no brevity penalty.
const oneWordOff = 'the cat sat on a mat';

test('levenshtein: passes within the threshold of edits (kitten → sitting is 3), default 5', async () => {
  assert.equal((await check({ type: 'levenshtein', value: 'sitting', threshold: 3 }, 'kitten')).pass, true);
  const over = await check({ type: 'levenshtein', value: 'sitting', threshold: 2 }, 'kitten');
  assert.equal(over.pass, false);
  assert.equal(over.score, 0);
  assert.equal(over.reason, "expected to be within 2 edits of 'sitting'; it is 3 edits away");
  // Without a threshold, promptfoo allows 5 edits: "hello world" → "hello, world!!!" is 4, "hi" is 9.
  assert.equal((await check({ type: 'levenshtein', value: 'hello world' }, 'hello, world!!!')).pass, true);
  assert.equal((await check({ type: 'levenshtein', value: 'hello world' }, 'hello, world!!!!!')).pass, false);
});

test('levenshtein counts UTF-16 code units, as promptfoo does, and handles long replies', async () => {
  assert.equal((await check({ type: 'levenshtein', value: 'ok 👍', threshold: 1 }, 'ok')).reason, "expected to be within 1 edit of 'ok 👍'; it is 3 edits away");
  const long = 'lorem ipsum dolor sit amet '.repeat(400);
  // One substitution ("sit" → "sat") in each of the 400 repeats.
  assert.equal((await check({ type: 'levenshtein', value: long, threshold: 400 }, long.replaceAll('sit', 'sat'))).pass, true);
});

test('not-levenshtein passes when the output is further than the threshold, and fails when it is close', async () => {
  const far = await check({ type: 'not-levenshtein', value: 'sitting', threshold: 2 }, 'kitten');
  assert.equal(far.pass, true);
  assert.equal(far.reason, "expected not to be within 2 edits of 'sitting'; it is 3 edits away");
  assert.equal((await check({ type: 'not-levenshtein', value: 'sitting' }, 'kitten')).pass, false);
});

test('levenshtein: the threshold is a number of edits, not a 0..1 score; a bad one is refused with the fix', () => {
  assert.deepEqual(checkAssertionSpec({ type: 'levenshtein', value: 'hello', threshold: 12 }), []);
  assert.deepEqual(checkAssertionSpec({ type: 'levenshtein', value: 'hello', threshold: -1 }), [
    { field: 'threshold', message: `'levenshtein' threshold is the most single-character edits the output may be from "value": a number ≥ 0 (default 5), e.g. "threshold": 3` },
  ]);
  assert.match(checkAssertionSpec({ type: 'levenshtein' })[0]?.message ?? '', /^'levenshtein' needs "value" set to a non-empty string/);
});

test('bleu: BLEU-4 with the brevity penalty, against the default threshold 0.5 or the given one', async () => {
  // (5/6 · 3/5 · 2/4 · 1/3)^(1/4) = (1/12)^(1/4) = 0.5373
  assert.ok(Math.abs(bleuScore(oneWordOff, [reference]) - 0.537285) < 1e-6);
  const passed = await check({ type: 'bleu', value: reference }, oneWordOff);
  assert.equal(passed.pass, true);
  assert.equal(passed.reason, "expected to have a BLEU score of at least 0.5 against 'the cat sat on the mat'; its BLEU score is 0.537");
  assert.equal((await check({ type: 'bleu', value: reference, threshold: 0.54 }, oneWordOff)).pass, false);
  // Case is ignored: identical words score 1.
  assert.equal(bleuScore('The Cat sat on the mat', [reference]), 1);
  // "the cat sat on the" (5 words against 6): every precision is 1, the brevity penalty
  // e^(1 − 6/5) = 0.8187 (promptfoo's e^(1 − 5/6) would give 1.18, above 1).
  assert.ok(Math.abs(bleuScore('the cat sat on the', [reference]) - Math.exp(-0.2)) < 1e-12);
});

test('bleu: with several references each n-gram order takes the best one, and the closest length sets the penalty', () => {
  // Against "a dog" and the reference, the second matches best at every order: the same as the reference alone.
  assert.equal(bleuScore(oneWordOff, ['a dog ran', reference]), bleuScore(oneWordOff, [reference]));
  // "the cat" has no 3- or 4-grams: those precisions are smoothed to 1e-7, not zeroed:
  // (1 · 1 · 1e-7 · 1e-7)^(1/4) = 10^-3.5, times the brevity penalty e^(1 − 6/2).
  assert.ok(Math.abs(bleuScore('the cat', [reference]) - 10 ** -3.5 * Math.exp(-2)) < 1e-12);
  // The closest reference length counts: against a 2-word reference as well, there is no penalty.
  assert.ok(Math.abs(bleuScore('the cat', ['the dog', reference]) - 10 ** -3.5) < 1e-12);
});

test('not-bleu passes below the threshold, and its score is 1 − BLEU, as in promptfoo', async () => {
  const below = await check({ type: 'not-bleu', value: reference, threshold: 0.6 }, oneWordOff);
  assert.equal(below.pass, true);
  assert.ok(Math.abs(below.score - (1 - 0.537285)) < 1e-6);
  assert.equal((await check({ type: 'not-bleu', value: reference }, oneWordOff)).pass, false);
});

test('gleu: the smaller of pooled 1..4-gram precision and recall; the best of several references', async () => {
  // 5 + 3 + 2 + 1 = 11 shared of 6 + 5 + 4 + 3 = 18 on each side: 11/18 = 0.6111.
  assert.ok(Math.abs(gleuScore(oneWordOff, [reference]) - 11 / 18) < 1e-12);
  assert.ok(Math.abs(gleuScore(oneWordOff, ['something else entirely', reference]) - 11 / 18) < 1e-12);
  // Trailing dots and case are ignored: identical words score 1.
  assert.equal(gleuScore('The cat sat on the mat.', [reference]), 1);
  // A shorter output: "the cat sat" shares 3 + 2 + 1 = 6 of its 6 n-grams but only 6 of the reference's 18: recall 1/3.
  assert.ok(Math.abs(gleuScore('the cat sat', [reference]) - 1 / 3) < 1e-12);
  const failed = await check({ type: 'gleu', value: [reference, 'a dog'], threshold: 0.62 }, oneWordOff);
  assert.equal(failed.pass, false);
  assert.equal(failed.reason, 'expected to have a GLEU score of at least 0.62 against the closest of 2 references; its GLEU score is 0.611');
  assert.equal((await check({ type: 'gleu', value: reference }, oneWordOff)).pass, true);
});

test('rouge-n: ROUGE-1 F-measure, case-sensitive, punctuation its own token; default threshold 0.75', async () => {
  // 3 of 4 words shared each way: precision = recall = F1 = 0.75, exactly the default threshold.
  const edge = await check({ type: 'rouge-n', value: 'The quick brown dog' }, 'The quick brown fox');
  assert.equal(edge.pass, true);
  assert.equal(edge.score, 0.75);
  assert.equal((await check({ type: 'rouge-n', value: 'The quick brown dog', threshold: 0.76 }, 'The quick brown fox')).pass, false);
  // "the" ≠ "The": 2 of 4 shared.
  assert.equal((await check({ type: 'rouge-n', value: 'The quick brown dog' }, 'the quick brown fox')).score, 0.5);
  // "hello world." is 3 tokens (the dot is one): 2 of 3 against "hello world": P 2/3, R 1, F1 0.8.
  assert.ok(Math.abs((await check({ type: 'rouge-n', value: 'hello world' }, 'hello world.')).score - 0.8) < 1e-12);
  assert.equal((await check({ type: 'not-rouge-n', value: 'The quick brown dog' }, 'A slow green turtle')).pass, true);
});

test('a blank output scores 0 on every similarity check rather than erroring', async () => {
  for (const type of ['bleu', 'gleu', 'rouge-n']) {
    const blank = await check({ type, value: reference }, '  \n');
    assert.equal(blank.pass, false, type);
    assert.equal(blank.score, 0, type);
    assert.match(blank.reason, /the output is empty \(score 0\)$/);
  }
});

test('reference values and thresholds are checked when the file loads', () => {
  assert.deepEqual(checkAssertionSpec({ type: 'bleu', value: [reference, 'another one'] }), []);
  assert.deepEqual(checkAssertionSpec({ type: 'bleu', value: [] }).map((problem) => problem.field), ['value']);
  assert.match(checkAssertionSpec({ type: 'gleu', value: ['ok', ''] })[0]?.message ?? '', /^'gleu' needs "value" set to the reference text or a non-empty list of reference texts/);
  // promptfoo's rouge-n takes one reference text only.
  assert.match(checkAssertionSpec({ type: 'rouge-n', value: ['a', 'b'] })[0]?.message ?? '', /^'rouge-n' needs "value" set to the reference text \(not blank\)/);
  assert.deepEqual(checkAssertionSpec({ type: 'bleu', value: reference, threshold: 1.5 }), [
    { field: 'threshold', message: "'bleu' threshold must be a number from 0 to 1: the score at or above which the check passes" },
  ]);
});

test('evals.json takes the same checks: a levenshtein threshold of 8 edits is fine, a bleu threshold of 8 is located', async () => {
  const assertions = [{ type: 'levenshtein', value: 'hello world', threshold: 8 }, { type: 'not-bleu', value: ['a', 'b'], threshold: 8 }, { type: 'levenshtein', value: 'hi', threshold: 'three' }];
  const { problems } = await inspectTaskSet(makeSkillFolder({ 'evals/evals.json': evalsJson([{ id: 1, prompt: 'Say hello', assert: assertions }]) }));
  assert.deepEqual(
    problems.map((problem) => `${problem.path}: ${problem.message}`),
    [
      "evals[0].assert[1].threshold: 'not-bleu' threshold must be a number from 0 to 1: the score at or above which the check passes",
      'evals[0].assert[2].threshold: must be a number: from 0 to 1 (a score), or for levenshtein the most edits allowed',
    ],
  );
});
