import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listRuns } from '../../../src/core/store/run-reader';
import { setupWarnings, TrainingSetupError } from '../../../src/core/training/training-setup';
import { resolveTrainingConfig } from '../../../src/core/training/training-config';
import { newWorkspace, runExample } from './sim-run-helpers';

test('a skill whose frontmatter is unclosed or misplaced is refused before the run starts, naming the line and the fix', async () => {
  const broken = [
    ['---\nname: commit-messages\ndescription: Writes commit messages.\n\nWrite good commits.\n', /SKILL\.md line 1: The frontmatter opened by `---` on line 1 is never closed\. Add a line containing only `---`/],
    ['<!-- generated -->\n---\nname: commit-messages\ndescription: Writes commit messages.\n---\nWrite good commits.\n', /SKILL\.md line 1: The frontmatter starts on line 2.*Move the HTML comment/],
  ] as const;
  for (const [skillText, expected] of broken) {
    const { workspace, store } = await newWorkspace();
    await assert.rejects(runExample({ input: { skillText, store } }), (error: unknown) => {
      assert.ok(error instanceof TrainingSetupError, String(error));
      assert.match(error.message, expected);
      assert.match(error.message, /its edits must not reach the frontmatter/);
      return true;
    });
    assert.deepEqual(await listRuns(workspace), [], 'nothing was written to the run store');
  }
});

test('a skill without any frontmatter trains: the whole file is body', async () => {
  const { result } = await runExample({ input: { skillText: '# Commit messages\n\nWrite good commits.\n' } });
  assert.equal(result.status, 'finished');
});

test('a hard gate on fewer than 8 validation tasks warns at setup and suggests the mixed metric or more tasks', () => {
  const tasksOf = (val: number) => ({ train: [], val: Array.from({ length: val }, (_, index) => ({ id: `v${index}`, prompt: 'p', rubric: { hard: [], soft: [] }, assert: [] })), test: [] });
  const [warning] = setupWarnings(tasksOf(3), resolveTrainingConfig());
  assert.match(warning, /Only 3 validation tasks: with the hard gate the score moves in steps of 0\.33[\s\S]*mixed gate metric[\s\S]*at least 8/);
  assert.deepEqual(setupWarnings(tasksOf(8), resolveTrainingConfig()), []);
  assert.deepEqual(setupWarnings(tasksOf(3), resolveTrainingConfig({ gate: { metric: 'mixed' } })), []);
});
