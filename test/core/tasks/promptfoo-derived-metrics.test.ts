import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPromptfooSuite } from './task-file-helpers';

const suite = (derivedMetrics: string) =>
  [
    'prompts: ["Label {{text}}", "Classify {{text}}"]',
    `derivedMetrics: ${derivedMetrics}`,
    'tests:',
    '  - vars: {text: a}',
    '    assert:',
    '      - {type: contains, value: spam, metric: hits}',
    '      - {type: javascript, value: "1", metric: total}',
    '',
  ].join('\n');

test('derivedMetrics load with their formulas, in order, each seeing the ones before', async () => {
  const loaded = await loadPromptfooSuite(suite('[{name: rate, value: "hits / total"}, {name: percent, value: "rate * 100"}]'));
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(loaded.warnings, []);
  assert.deepEqual(loaded.derivedMetrics, [{ name: 'rate', formula: 'hits / total' }, { name: 'percent', formula: 'rate * 100' }]);
  assert.equal(loaded.tasks[0]!.assert[0]!.metric, 'hits');
});

test('a formula that cannot be read is an error at its line; a name no check carries is a warning naming the fix', async () => {
  const broken = await loadPromptfooSuite(suite('[{name: rate, value: "hits / (total"}, {name: other, value: 3}, {value: "1"}]'));
  assert.equal(broken.located.errors.length, 3, broken.located.errors.join('\n'));
  assert.match(broken.located.errors[0]!, /promptfooconfig\.yaml:2 derivedMetrics\[0\]\.value: formula "hits \/ \(total": ends where "\)" is missing/);
  assert.match(broken.located.errors[1]!, /derivedMetrics\[1\]\.value: must be a formula over named scores written as text/);
  assert.match(broken.located.errors[2]!, /derivedMetrics\[2\]\.name: needs a name/);

  const unknown = await loadPromptfooSuite(suite('[{name: f1, value: "2 * precision * hits / (precision + hits)"}]'));
  assert.deepEqual(unknown.errors, []);
  assert.match(unknown.warnings.join('\n'), /derivedMetrics\[0\]\.value: reads "precision", which no check's metric and no earlier derived metric is named; f1 cannot be computed until one is \(add metric: precision to a check\)/);
});
