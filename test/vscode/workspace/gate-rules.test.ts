import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readStepRecords, type TrainingStepRecord } from '../../../src/core/store';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import { formatTrainingEvent } from '../../../src/vscode/training-event-log';
import { waitForRows } from '../support/history-helpers';
import { discardAllEditors, exampleSkillUri, removeRunStore, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

// The gate's accept rule (skillTrainer.gate.rule) and trials (skillTrainer.gate.trials)
// as a person sees them: the pre-run statement of how fine the gate is, and the rule's
// evidence (the p-value) on each step's row in the Checkpoints view.
describe('gate rules in VS Code', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;
  let outcome: OptimizeOutcome;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    const restore = await setUserSettings({ target: 'sim:demo', 'gate.rule': 'statistical', 'gate.trials': 3 });
    try {
      outcome = await vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', exampleSkillUri());
    } finally {
      await restore();
    }
  });

  after(async () => {
    await discardAllEditors();
    await removeRunStore();
  });

  it('says before the run how small a gain the gate can see, naming the setting that makes it finer', () => {
    assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'finished');
    assert.equal(
      outcome.gate,
      'Gate: with 6 validation tasks and 3 trials, only a gain of ≥ 17 points can be seen (the statistical gate, α 0.05, needs one task better in all 3 trials, and none worse). ' +
        'For a finer gate add validation tasks, or raise the trials per task (the skillTrainer.gate.trials setting): with 6 trials, ≥ 11 points.',
    );
  });

  it('shows the p-value on each validated step\'s Checkpoints row and the rule\'s evidence on hover', async () => {
    assert.ok(outcome.kind === 'finished');
    const runId = outcome.runId;
    await vscode.window.showTextDocument(exampleSkillUri(), { preview: false });
    const [run] = await waitForRows('the statistical run', (rows) => rows[0]?.element.runId === runId && rows[0].children.length > 1);
    const steps = (await readStepRecords(root(), runId)).filter((record): record is TrainingStepRecord => record.kind === 'step' && record.gate !== undefined);
    assert.ok(steps.length > 0, 'some step was validated');
    for (const step of steps) {
      const row = run!.children.find((candidate) => candidate.label === `E${step.epoch} · Step ${step.step}`)!;
      const p = step.gate!.pValue!;
      assert.match(row.description ?? '', new RegExp(` · p ${p < 0.001 ? '< 0\\.001' : `= ${p.toFixed(3).replace('.', '\\.')}`} · `), `row of step ${step.step}: ${row.description}`);
      // The hover's Markdown as it reads: text parts keep their spaces as &nbsp; and escape punctuation.
      const hover = (row.tooltip ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      assert.match(hover, /Gate rule: statistical: p [=<] [\d.]+ [≤>] α 0\.05 \(\d of 6 tasks better, \d worse; [+−][\d.]+ points\)/);
    }
  });

  it('logs the guards\' rejections and, at the end, that the test split was never shown to the optimizer nor used by the gate', () => {
    const finished = formatTrainingEvent('commit-messages', {
      type: 'run_finished', runId: 'r', bestScore: 1, baselineScore: 0.33, bestStep: 2, trainedSkillPath: '/t/SKILL.md', testSplit: { count: 6, scored: true, rotated: true },
    });
    assert.match(finished.message, /The test split \(6 tasks\) was never shown to the optimizer and never used by the gate: .* Validation rotated between epochs among the train and validation tasks only\.$/);
    const guarded = formatTrainingEvent('commit-messages', {
      type: 'edits_guarded',
      step: 3,
      rejections: [{ edit: { op: 'append', content: '- docs: Fix typo in README' }, guard: 'leakage', reason: "copies 5 words in a row from validation task 'readme-typo' (its expected output): \"docs: Fix typo in README\"", hint: '' }],
    });
    assert.equal(guarded.level, 'warn');
    assert.match(guarded.message, /step 3: the guards rejected 1 edit before the gate — append "- docs: Fix typo in README": leakage — copies 5 words/);
  });

  it('says when the current score was not validated since the slow update, as the CLI does', () => {
    const decision = { type: 'gate_decision', step: 4, verdict: 'reject', action: 'reject', candidateScore: 0.5, scoreBefore: 0.75, scoreAfter: 0.75, bestScore: 0.75 } as const;
    const unvalidated = formatTrainingEvent('commit-messages', { ...decision, scoreBeforeUnvalidated: true });
    assert.match(unvalidated.message, /step 4: rejected — validation 0\.75 \(not validated since the slow update\) → 0\.50, best 0\.75$/);
    assert.doesNotMatch(formatTrainingEvent('commit-messages', decision).message, /not validated/);
  });
});
