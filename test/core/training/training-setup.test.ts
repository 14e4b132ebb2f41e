import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listRuns } from '../../../src/core/store/run-reader';
import { TrainingSetupError } from '../../../src/core/training/training-setup';
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

test('the statistical gate is refused before the run starts when too few validation tasks could ever reach significance', async () => {
  // The example has 6 validation tasks: enough at α 0.05 (5 needed), too few at α 0.01 (7 needed).
  const { workspace, store } = await newWorkspace();
  await assert.rejects(runExample({ config: { gate: { rule: 'statistical', significance: 0.01 } }, input: { store } }), (error: unknown) => {
    assert.ok(error instanceof TrainingSetupError, String(error));
    assert.match(error.message, /statistical gate can never accept a candidate with 6 validation tasks: at significance 0\.01 at least 7 tasks must get better\. Add validation tasks .*--gate-significance.*--gate-rule/);
    return true;
  });
  assert.deepEqual(await listRuns(workspace), [], 'nothing was written to the run store');
  // Off, the gate has no rule to satisfy.
  const { result } = await runExample({ config: { epochs: 1, gate: { rule: 'statistical', significance: 0.01, useGate: false } } });
  assert.equal(result.status, 'finished');
});
