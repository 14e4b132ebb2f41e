import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetTracker } from '../../../src/core/models/policies/budget-tracker';
import { LibraryBudgetExceededError, RunBudgetInLibrary } from '../../../src/core/library/library-budget';

const call = (costUsd: number) => ({ spec: 'openai:gpt-5-mini', tokens: 100, costUsd });

test('a run in a library draws on its own cap and the library cap at once', () => {
  const library = new BudgetTracker({ maxCostUsd: 1 });
  const first = new RunBudgetInLibrary({ maxCostUsd: 0.8 }, library);
  const second = new RunBudgetInLibrary({}, library);
  first.reserve(call(0.5)).settle({ tokens: 100, costUsd: 0.4 });
  assert.equal(library.snapshot().spentUsd, 0.4);
  assert.equal(first.snapshot().spentUsd, 0.4);
  // The library has 0.6 left; a reservation of the second run counts for both while it runs.
  const pending = second.reserve(call(0.5));
  assert.throws(() => first.reserve(call(0.2)), (error: unknown) => error instanceof LibraryBudgetExceededError && error.code === 'budget_exceeded' && /Library budget reached: the library run, all skills together, has spent \$0\.4000 \(\+\$0\.5000 in calls still running\) of its \$1 cap/.test(error.message));
  assert.equal(first.snapshot().reservedUsd, 0, 'a refused call leaves nothing reserved in the run');
  pending.cancel();
  // The run's own cap refuses with the ordinary budget error.
  assert.throws(() => first.reserve(call(0.5)), (error: unknown) => !(error instanceof LibraryBudgetExceededError) && (error as { code?: string }).code === 'budget_exceeded');
  assert.equal(library.snapshot().reservedUsd, 0);
  first.reserve(call(0.3)).settle({ tokens: 50, costUsd: 0.3 });
  assert.ok(Math.abs(library.snapshot().spentUsd - 0.7) < 1e-9);
  assert.equal(library.snapshot().tokensUsed, 150);
});

test('spend carried from an earlier session counts in the run only; the library primes its own total', () => {
  const library = new BudgetTracker({ maxTokens: 1000 });
  const run = new RunBudgetInLibrary({ maxTokens: 500 }, library);
  run.record({ tokens: 450, costUsd: 0 });
  assert.equal(library.snapshot().tokensUsed, 0);
  assert.throws(() => run.reserve({ spec: 'x:y', tokens: 100, costUsd: null }), /the run has used 450 tokens/);
});

test('a skill queued after the library cap is used up is not started: it waits, budget-stopped, for a resume with a higher cap', async () => {
  const { exampleWorkspace, simModelFactory, simSpecs } = await import('./library-test-support');
  const { prepareLibrarySkills } = await import('../../../src/core/library/prepare-library-run');
  const { startLibraryRun, resumeLibraryRun } = await import('../../../src/core/library/library-run');
  const { listRuns } = await import('../../../src/core/store/run-reader');
  const { workspace, skillDirectories } = await exampleWorkspace();
  const prepared = await prepareLibrarySkills({ workspaceRoot: workspace, skillDirectories, fallbackModels: simSpecs, trusted: true, flags: { training: { epochs: 1 } } });
  // One skill at a time, and a token cap the first skill alone uses up.
  const result = await startLibraryRun({ workspaceRoot: workspace, skills: prepared, options: { parallel: 1, concurrency: 8, onlyChanged: false, maxTokens: 20_000 }, createModel: simModelFactory(), trusted: true });
  assert.equal(result.status, 'stopped');
  assert.equal(result.skills[0]!.outcome.status, 'budget_stopped');
  for (const skill of result.skills.slice(1)) {
    assert.equal(skill.outcome.status, 'budget_stopped');
    assert.equal(skill.runId, undefined, 'no run was created for it');
    assert.match((skill.outcome as { message: string }).message, /^Not started: the library run has used up its token cap \(20000 tokens\)/);
  }
  assert.equal((await listRuns(workspace)).length, 1);
  const resumed = await resumeLibraryRun({ workspaceRoot: workspace, libraryRunId: result.libraryRunId, createModel: simModelFactory(), trusted: true, options: { maxTokens: 10_000_000 } });
  assert.equal(resumed.status, 'finished');
  assert.equal((await listRuns(workspace)).length, 3);
});
