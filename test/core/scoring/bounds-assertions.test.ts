import { test } from 'node:test';
import assert from 'node:assert/strict';
import { characterCount, wordCount } from '../../../src/core/scoring/assertions/count-bounds';
import { check } from './assertion-helpers';

test('counting: words are runs of non-whitespace; characters are code points', async () => {
  assert.equal(wordCount('  one two\n\tthree  '), 3);
  assert.equal(wordCount('   '), 0);
  assert.equal(characterCount('né👍'), 3);
});

test('max-length and min-length count characters', async () => {
  assert.deepEqual(
    [(await check({ type: 'max-length', value: 5 }, 'hello')), (await check({ type: 'max-length', value: 4 }, 'hello'))].map((result) => [result.pass, result.reason]),
    [
      [true, 'expected to have at most 5 characters; it has 5 characters'],
      [false, 'expected to have at most 4 characters; it has 5 characters'],
    ],
  );
  assert.equal((await check({ type: 'min-length', value: 6 }, 'hello')).reason, 'expected to have at least 6 characters; it has 5 characters');
  assert.equal((await check({ type: 'min-length', value: 5 }, 'hello')).pass, true);
  assert.equal((await check({ type: 'not-max-length', value: 3 }, 'hello')).pass, true);
});

test('max-words and min-words count words', async () => {
  assert.equal((await check({ type: 'max-words', value: 3 }, 'one two three')).pass, true);
  assert.equal((await check({ type: 'max-words', value: 2 }, 'one two three')).reason, 'expected to have at most 2 words; it has 3 words');
  assert.equal((await check({ type: 'min-words', value: 4 }, 'one two three')).pass, false);
  assert.equal((await check({ type: 'not-min-words', value: 4 }, 'one two three')).reason, 'expected not to have at least 4 words; it has 3 words');
});

test('word-count takes an exact number or inclusive {min, max}', async () => {
  assert.equal((await check({ type: 'word-count', value: 3 }, 'one two three')).reason, 'expected to have exactly 3 words; it has 3 words');
  assert.equal((await check({ type: 'word-count', value: 2 }, 'one two three')).pass, false);
  assert.equal((await check({ type: 'word-count', value: { min: 2, max: 3 } }, 'one two three')).reason, 'expected to have between 2 and 3 words; it has 3 words');
  assert.equal((await check({ type: 'word-count', value: { min: 4 } }, 'one two three')).pass, false);
  assert.equal((await check({ type: 'word-count', value: { max: 1 } }, 'one')).pass, true);
});
