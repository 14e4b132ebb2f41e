import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricFormula, MetricFormulaError } from '../../../src/core/scoring/metric-formula';

const value = (formula: string, values: Record<string, number> = {}) => new MetricFormula(formula).evaluate(values);

test('formulas over named scores compute as mathjs does', () => {
  assert.equal(value('2 * precision * recall / (precision + recall)', { precision: 0.5, recall: 1 }), 2 / 3);
  assert.equal(value('-2^2'), -4);
  assert.equal(value('2^3^2'), 512);
  assert.equal(value('1 - 2 - 3'), -4);
  assert.equal(value('7 % 4 + .5e1'), 8);
  assert.equal(value('max(a, b, 0.25) + min(1, a) + abs(-2)', { a: 0.1, b: 0.2 }), 0.25 + 0.1 + 2);
  assert.equal(value('round(2/3, 2) + mean(1, 2, 3) + sum(1, 1)'), 0.67 + 2 + 2);
  assert.equal(value('log(8, 2) + sqrt(9)'), 6);
  assert.equal(value('correct / total', { correct: 3, total: 0 }), Infinity, 'a division by zero is Infinity, as in mathjs');
  assert.deepEqual(new MetricFormula('a + max(b, a) * 2').names(), ['a', 'b']);
});

test('what a formula cannot be read or computed with is said, naming the formula', () => {
  const problem = (formula: string, values: Record<string, number> = {}) => assert.throws(() => value(formula, values), MetricFormulaError);
  problem('');
  problem('a +');
  problem('(a + b', { a: 1, b: 2 });
  problem('a > b ? 1 : 0', { a: 1, b: 2 });
  problem('median(a)', { a: 1 });
  problem('round()');
  assert.throws(() => value('hits / total', { hits: 1 }), /formula "hits \/ total": no score is named "total"/);
  assert.throws(() => value('median(a)'), /function "median" is not one formulas take \(abs, sqrt/);
  assert.throws(() => value('a > b'), /cannot read ">" here/);
  assert.throws(() => value('round(1, 2, 3)'), /round\(\) takes 1 to 2 arguments, not 3/);
});
