import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { checkEvalsText, readEvalsFile } from '../../../src/core/tasks';
import { readFile } from 'node:fs/promises';

const exampleEvals = resolve('skills/commit-messages/evals/evals.json');

test('checking an editor buffer gives what reading the saved file gives', async () => {
  const text = await readFile(exampleEvals, 'utf8');
  assert.deepEqual(checkEvalsText(text, exampleEvals), await readEvalsFile(exampleEvals));
});

test('an unsaved broken buffer is reported at its own line, not the saved file', () => {
  const file = join(resolve('skills/commit-messages'), 'evals', 'evals.json');
  const text = '{\n  "skill_name": "commit-messages",\n  "evals": [\n    { "id": 1 }\n  ]\n}\n';
  const result = checkEvalsText(text, file);
  assert.equal(result.taskSet, undefined);
  const missingPrompt = result.problems.find((problem) => problem.path === 'evals[0].prompt');
  assert.ok(missingPrompt, JSON.stringify(result.problems));
  assert.equal(missingPrompt.line, 4);
});
