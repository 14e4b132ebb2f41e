import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJsonPath, jsonSyntaxErrorPosition, locateJsonPath, offsetToPosition } from '../../../src/core/tasks/json-location';

const text = ['{', '  "evals": [', '    {"id": 1, "rubric": {"soft": [{"criterion": "a", "weight": 0}]}},', '    {"id": "two \\" x", "prompt": "p"}', '  ]', '}'].join('\n');

test('paths format like JavaScript accessors', () => {
  assert.equal(formatJsonPath(['evals', 3, 'rubric', 'soft', 0, 'weight']), 'evals[3].rubric.soft[0].weight');
  assert.equal(formatJsonPath(['vars', 'two words']), 'vars["two words"]');
  assert.equal(formatJsonPath([]), '');
});

test('a path points at the member key; a missing one at its deepest existing ancestor', () => {
  assert.deepEqual(locateJsonPath(text, ['evals', 0, 'rubric', 'soft', 0, 'weight']), { line: 3, column: 54 });
  assert.deepEqual(locateJsonPath(text, ['evals', 1, 'prompt']), { line: 4, column: 24 });
  assert.deepEqual(locateJsonPath(text, ['evals', 1, 'missing']), { line: 4, column: 5 });
  assert.deepEqual(locateJsonPath(text, ['evals', 5]), { line: 2, column: 3 });
  assert.deepEqual(locateJsonPath(text, []), { line: 1, column: 1 });
});

test('syntax error positions come from the parser message, or the end of the text', () => {
  assert.deepEqual(jsonSyntaxErrorPosition('{\n "a" 1}', new SyntaxError("Expected ':' after property name in JSON at position 6")), { line: 2, column: 5 });
  assert.deepEqual(jsonSyntaxErrorPosition('x', new SyntaxError('Unexpected token (line 4 column 2)')), { line: 4, column: 2 });
  assert.deepEqual(jsonSyntaxErrorPosition('{\n', new SyntaxError('Unexpected end of JSON input')), { line: 2, column: 1 });
  assert.deepEqual(offsetToPosition('ab\ncd', 4), { line: 2, column: 2 });
});
