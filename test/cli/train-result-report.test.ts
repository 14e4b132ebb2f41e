import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapturedIo } from '../../src/cli/cli-io';
import { reportTrainingResult } from '../../src/cli/commands/train-command';
import type { TrainingResult } from '../../src/core/training/trainer';

const finished: TrainingResult = {
  runId: 'run-1',
  status: 'finished',
  runDir: '/ws/.skill-trainer/runs/run-1',
  trainedSkillPath: '/ws/.skill-trainer/runs/run-1/trained/SKILL.md',
  baselineScore: 1 / 3,
  bestScore: 1,
  bestStep: 4,
  stepsDone: 4,
  costUsd: 0,
};

test('the summary names the best step, or the final skill when the final validation promoted it', () => {
  const byStep = createCapturedIo({ cwd: '/ws' });
  assert.equal(reportTrainingResult(finished, byStep), 0);
  assert.match(byStep.stdoutText, /0\.333 \(baseline\) → 1\.000 \(best, step 4\)/);

  const byFinal = createCapturedIo({ cwd: '/ws' });
  assert.equal(reportTrainingResult({ ...finished, bestIsFinal: true }, byFinal), 0);
  assert.match(byFinal.stdoutText, /→ 1\.000 \(best, the final skill after the last slow update\)/);
  assert.doesNotMatch(byFinal.stdoutText, /step 4/);
});
