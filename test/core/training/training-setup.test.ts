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
  // The example has 6 validation tasks: with one trial enough at α 0.05 (5 better), too few at α 0.01 (7).
  const { workspace, store } = await newWorkspace();
  await assert.rejects(runExample({ config: { gate: { rule: 'statistical', significance: 0.01 } }, input: { store } }), (error: unknown) => {
    assert.ok(error instanceof TrainingSetupError, String(error));
    assert.match(error.message, /statistical gate can never accept a candidate with 6 validation tasks and 1 trial: no gain is significant at 0\.01\. Raise the trials per task \(--trials; .*--gate-significance.*--gate-rule/);
    return true;
  });
  assert.deepEqual(await listRuns(workspace), [], 'nothing was written to the run store');
  // Off, the gate has no rule to satisfy; with 3 trials one task better in every trial can reach 0.01 twice over.
  for (const gate of [{ useGate: false }, { trials: 3 }]) {
    const { result } = await runExample({ config: { epochs: 1, gate: { rule: 'statistical', significance: 0.01, ...gate } } });
    assert.equal(result.status, 'finished');
  }
});

test('a run whose tasks include ones with nothing to check is refused, naming them', async () => {
  const setup = await (await import('./sim-run-helpers')).exampleSetup();
  const unchecked = { ...setup.tasks.train[0]!, id: 'bare', assert: [], rubric: { hard: [], soft: [] }, expectedOutput: undefined };
  const { workspace, store } = await newWorkspace();
  await assert.rejects(runExample({ input: { store, tasks: { ...setup.tasks, train: [...setup.tasks.train, unchecked] } } }), (error: unknown) => {
    assert.ok(error instanceof TrainingSetupError, String(error));
    assert.match(error.message, /^1 of \d+ tasks have nothing to check \('bare'\): they would score 0 whatever the skill says\. Give each an assertion/);
    return true;
  });
  assert.deepEqual(await listRuns(workspace), []);
});
