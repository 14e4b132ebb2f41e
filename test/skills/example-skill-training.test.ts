/**
 * Every example skill trains in the simulated world with the default settings: it
 * improves from its baseline to the world's best validation score, the gate rejects
 * at least one candidate, no candidate carrying a harmful rule is accepted, and the
 * leakage and malformed-edit guards reject none of its ordinary edits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatedModel } from '../../src/core/models/sim';
import { openRunStore, readStepRecords, type TrainingStepRecord } from '../../src/core/store';
import { splitTasks } from '../../src/core/tasks';
import { resolveTrainingConfig, startTraining } from '../../src/core/training';
import { exampleSkillNames, loadExample } from './example-skills';

/**
 * The seed of each example's run: the default, except where the default's run has no
 * gate rejection to show (commit-messages: since tight lists stay tight, its seed-42
 * run proposes nothing harmful).
 */
const seeds: Record<string, number> = { 'commit-messages': 6 };

for (const name of exampleSkillNames()) {
  const seed = seeds[name] ?? 42;
  test(`${name}: trains in the simulated world from its baseline to the best score, with a gate rejection`, async () => {
    const example = await loadExample(name);
    const workspace = await mkdtemp(join(tmpdir(), `skill-example-${name}-`));
    try {
      const model = createSimulatedModel('sim:demo', example.world);
      const result = await startTraining({
        skillPath: example.skillPath,
        skillText: example.skillText,
        tasks: splitTasks(example.taskSet.tasks, { seed }),
        models: { target: model, optimizer: model, judge: model },
        store: openRunStore(workspace),
        config: resolveTrainingConfig({ seed }),
        trusted: false,
      });
      assert.equal(result.status, 'finished');
      assert.ok((result.baselineScore ?? 1) < 1, `baseline ${result.baselineScore}`);
      assert.equal(result.bestScore, 1);
      assert.equal(result.test?.best.hard, 1);
      assert.ok(result.test!.baseline.hard < result.test!.best.hard);

      const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
      assert.ok(steps.some((step) => step.action === 'reject'), `actions: ${steps.map((step) => step.action).join(', ')}`);
      assert.ok(steps.some((step) => step.action === 'accept_new_best'));
      const carriesHarm = (step: TrainingStepRecord) =>
        step.selectedEdits.some((edit) => example.world.hints.harmful.some((rule) => example.world.states(edit.content ?? '', rule.phrase)));
      for (const step of steps.filter(carriesHarm)) assert.equal(step.action, 'reject', `step ${step.step} carried a harmful edit`);
      // The guards are on by default and calibrated so this ordinary skill wording passes them.
      const guarded = steps.flatMap((step) => step.guardRejections ?? []);
      assert.deepEqual(guarded, [], 'no guard rejected an edit of an ordinary run');

      const trained = await readFile(result.trainedSkillPath!, 'utf8');
      assert.equal(example.world.statedHarmful(trained).length, 0);
      assert.ok(trained.startsWith(example.skillText.split('\n---\n')[0]), 'the frontmatter is untouched');
      assert.equal(await readFile(example.skillPath, 'utf8'), example.skillText, 'the example itself is unchanged');
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });
}
