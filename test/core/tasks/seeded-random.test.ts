import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSeededRandom, hashString, seedToState, shuffleWithSeed } from '../../../src/core/tasks/seeded-random';

test('hashString is 32-bit FNV-1a over UTF-8 bytes', () => {
  assert.equal(hashString(''), 0x811c9dc5);
  assert.equal(hashString('hello'), 0x4f9f2cab);
  // 'é' is two UTF-8 bytes (0xc3 0xa9), not one UTF-16 unit.
  assert.equal(hashString('é'), 513665217);
});

test('the stream for a fixed seed never changes (a change here changes every split and minibatch)', () => {
  const random = createSeededRandom(42);
  assert.deepEqual([random(), random(), random()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  const again = createSeededRandom(42);
  assert.equal(again(), 0.6011037519201636);
  assert.notEqual(createSeededRandom(43)(), 0.6011037519201636);
});

test('values stay in [0, 1)', () => {
  const random = createSeededRandom('range');
  for (let index = 0; index < 10_000; index++) {
    const value = random();
    assert.ok(value >= 0 && value < 1, String(value));
  }
});

test('seeds: integers keep their value, strings and fractions are hashed, non-finite numbers are refused', () => {
  assert.equal(seedToState(7), 7);
  assert.equal(seedToState(-1), 0xffffffff);
  assert.equal(seedToState('7'), hashString('7'));
  assert.notEqual(seedToState(1.5), seedToState(1));
  assert.throws(() => seedToState(Number.NaN), /finite number or a string/);
});

test('shuffleWithSeed is a reproducible permutation and leaves its input alone', () => {
  const items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const shuffled = shuffleWithSeed(items, 7);
  assert.deepEqual(shuffled, [7, 6, 9, 2, 3, 4, 5, 8, 10, 1]);
  assert.deepEqual(shuffleWithSeed(items, 7), shuffled);
  assert.deepEqual(items, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual([...shuffled].sort((a, b) => a - b), items);
  assert.notDeepEqual(shuffleWithSeed(items, 8), shuffled);
  assert.deepEqual(shuffleWithSeed([], 1), []);
});
