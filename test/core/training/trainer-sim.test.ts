import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { listCheckpoints, listRuns, readLeaderboard, readStepRecords } from '../../../src/core/store/run-reader';
import type { EpochEndRecord, FinalRecord, TrainingStepRecord } from '../../../src/core/store/run-records';
import type { TrainingEvent } from '../../../src/core/training/training-events';
import { exampleSetup, runExample } from './sim-run-helpers';

/** The best validation score the world allows: the share of validation tasks whose rules all appear in some train task. */
async function worldMaximum(): Promise<number> {
  const { world, tasks } = await exampleSetup();
  const learnable = new Set(tasks.train.flatMap((task) => world.findTaskById(task.id)!.rules));
  const val = tasks.val.map((task) => world.findTaskById(task.id)!);
  return val.filter((task) => task.rules.every((rule) => learnable.has(rule))).length / val.length;
}

test('in the simulated world the example skill reaches the best validation score the world allows, and every harmful candidate is rejected', async () => {
  const events: TrainingEvent[] = [];
  // An optimizer that slips a harmful edit into half of its failure patches.
  const { result, workspace, world, skillText } = await runExample({ input: { onEvent: (event) => events.push(event) }, world: { harmfulRate: 0.5 } });
  assert.equal(result.status, 'finished');
  const maximum = await worldMaximum();
  assert.equal(result.bestScore, maximum);
  assert.ok((result.baselineScore ?? 1) < maximum, 'the baseline leaves room to learn');
  assert.equal(result.stepsDone, 4); // 12 train tasks, batch 40 → 1 step per epoch, 4 epochs

  const records = await readStepRecords(workspace, result.runId);
  const steps = records.filter((record): record is TrainingStepRecord => record.kind === 'step');
  const harmfulSteps = steps.filter((step) => step.selectedEdits.some((edit) => world.hints.harmful.some((rule) => world.states(edit.content ?? '', rule.phrase))));
  assert.ok(harmfulSteps.length > 0, 'the world proposed at least one harmful edit that reached the gate');
  for (const step of harmfulSteps) assert.equal(step.action, 'reject', `step ${step.step} carried a harmful edit`);
  const trained = await readFile(result.trainedSkillPath!, 'utf8');
  assert.ok(world.statedHarmful(trained).length === 0);
  assert.ok(trained.startsWith(skillText.split('## Rules')[0]), 'frontmatter and introduction are untouched');

  // Every stage ran: merges, a ranking, accepts and rejects, slow update, meta skill, final and test.
  assert.ok(steps.some((step) => (step.usage.merge?.calls ?? 0) > 0));
  assert.ok(steps.some((step) => (step.usage.rank?.calls ?? 0) > 0));
  assert.ok(steps.some((step) => step.action === 'accept_new_best'));
  const epochEnds = records.filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  assert.deepEqual(epochEnds.map((record) => record.slowUpdate.action).slice(0, 2), ['inserted_empty_region', 'rewrote_region']);
  // As in SkillOpt, the first epoch writes no memory; later epochs do.
  assert.deepEqual(epochEnds.map((record) => record.metaSkill.action), ['skipped_first_epoch', 'written', 'written', 'written']);
  const final = records.at(-1) as FinalRecord;
  assert.equal(final.kind, 'final');
  assert.deepEqual(result.test?.best, { hard: 1, soft: 1 });
  assert.ok(result.test!.baseline.hard < result.test!.best.hard);
  assert.equal(result.costUsd, 0);

  // Events: the stream tells the whole story in order.
  const types = events.map((event) => event.type);
  assert.equal(types[0], 'run_started');
  assert.equal(types.at(-1), 'run_finished');
  for (const type of ['step_started', 'rollout_progress', 'patch_proposed', 'edits_merged', 'edits_selected', 'candidate_applied', 'gate_decision', 'checkpoint_written', 'epoch_ended', 'usage', 'baseline_scored']) {
    assert.ok(types.includes(type as TrainingEvent['type']), `event ${type}`);
  }

  // The store's reader API sees the run.
  const checkpoints = await listCheckpoints(workspace, result.runId);
  assert.equal(checkpoints[0].file, 'step-0000.md');
  assert.ok(checkpoints.some((entry) => entry.meta.kind === 'slow_update'));
  assert.equal(await readFile(checkpoints[0].path, 'utf8'), skillText);
  const [entry] = await listRuns(workspace);
  assert.equal(entry.status, 'finished');
  assert.equal(entry.bestValidationScore, maximum);
  assert.equal((await readLeaderboard(workspace, entry.skillPath))[0].runId, result.runId);
});

test('the same seed gives the same run', async () => {
  const first = await runExample({ seed: 5 });
  const second = await runExample({ seed: 5 });
  assert.equal(await readFile(first.result.trainedSkillPath!, 'utf8'), await readFile(second.result.trainedSkillPath!, 'utf8'));
  assert.deepEqual(first.result.test, second.result.test);
});

test('with the gate off every candidate is accepted but still validated', async () => {
  const { result, workspace } = await runExample({ config: { gate: { useGate: false } } });
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  const validated = steps.filter((step) => step.validation !== undefined);
  assert.ok(validated.length > 0);
  assert.ok(validated.every((step) => step.action === 'force_accept'));
});

test('review mode awaits the reviewer; its choices are recorded, also against the gate', async () => {
  const requests: number[] = [];
  const reasonings: (string | undefined)[] = [];
  const { result, workspace } = await runExample({
    config: { gate: { mode: 'review' } },
    input: {
      review: async (request) => {
        if (request.kind === 'slow_update') return { acceptedEdits: [0] };
        requests.push(request.step);
        reasonings.push(...request.selectedEdits.map((edit) => edit.reasoning));
        // Keep only the first edit of every step, whatever the gate says.
        return { acceptedEdits: [0] };
      },
    },
  });
  assert.equal(result.status, 'finished');
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step' && record.review !== undefined);
  assert.deepEqual(steps.map((step) => step.step), requests);
  assert.ok(steps.length > 0);
  for (const step of steps) {
    assert.deepEqual(step.review!.acceptedEdits, [0]);
    if (step.selectedEdits.length > 1) assert.ok(step.review!.subsetScores, 'a subset was validated');
  }
  // Every edit the reviewer saw says why it was proposed, and the step record keeps it.
  assert.ok(reasonings.length > 0 && reasonings.every((reasoning) => typeof reasoning === 'string' && reasoning.length > 10), JSON.stringify(reasonings));
  assert.deepEqual(steps.flatMap((step) => step.selectedEdits.map((edit) => edit.reasoning)), reasonings);
});

test('for other seeds too, the example reaches the world maximum and no harmful candidate passes the gate', async () => {
  const maximum = await worldMaximum();
  let harmfulSeen = 0;
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const { result, workspace, world } = await runExample({ seed });
    assert.equal(result.bestScore, maximum, `seed ${seed}`);
    const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
    for (const step of steps) {
      assert.equal(step.guardRejections, undefined, `seed ${seed}, step ${step.step}: no guard rejects ordinary edits`);
      if (step.selectedEdits.some((edit) => world.hints.harmful.some((rule) => world.states(edit.content ?? '', rule.phrase)))) {
        harmfulSeen += 1;
        assert.equal(step.action, 'reject', `seed ${seed}, step ${step.step}`);
      }
    }
  }
  assert.ok(harmfulSeen >= 3);
});
