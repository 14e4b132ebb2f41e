import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingDisplay } from '../../src/cli/commands/train-display';

function output(isTTY: boolean) {
  let text = '';
  return { stream: { isTTY, columns: 200, write: (chunk: string) => void (text += chunk) }, text: () => text };
}

const events = [
  { type: 'run_started', runId: 'r1', skillPath: '/s/SKILL.md', resumed: false, totalSteps: 4, epochs: 4, stepsPerEpoch: 1, models: { target: 'sim:t', optimizer: 'sim:o' } },
  { type: 'baseline_scored', validation: { hard: 0.5, soft: 0.6 }, gateScore: 0.5 },
  { type: 'step_started', epoch: 1, step: 1, totalSteps: 4, budget: 4 },
  { type: 'stage_started', stage: 'rollout', epoch: 1, step: 1 },
  { type: 'rollout_progress', phase: 'train', done: 3, total: 12, epoch: 1, step: 1 },
  { type: 'usage', role: 'target', label: 'rollout', inputTokens: 10, outputTokens: 5, costUsd: 0.01, replayed: false, totalCostUsd: 0.0123 },
  { type: 'gate_decision', step: 1, verdict: 'reject', action: 'reject', candidate: { hard: 0.25, soft: 0.3 }, candidateScore: 0.25, scoreBefore: 0.5, scoreAfter: 0.5, bestScore: 0.5 },
] as const;

test('on a terminal the status line is redrawn in place with epoch, step, stage, scores, budget and cost', () => {
  const out = output(true);
  const display = new TrainingDisplay(out.stream);
  for (const event of events) display.handle(event as never);
  display.finish();
  assert.match(out.text(), /\r\x1b\[2Kepoch 1\/4 · step 1\/4 · rollout train 3\/12 · score 0\.500 \(best 0\.500\) · budget 4 · \$0\.0123/);
  assert.match(out.text(), /step   1      rejected by the gate: candidate 0\.250; current 0\.500 → 0\.500, best 0\.500\n/);
  // Words, never the internal action names.
  assert.doesNotMatch(out.text(), /\b(accept_new_best|skip_no_edits|skip_unchanged|force_accept)\b|step +1 +reject\b/);
  assert.ok(out.text().endsWith('\r\x1b[2K'));
});

test('in a log there are only plain lines', () => {
  const out = output(false);
  const display = new TrainingDisplay(out.stream);
  for (const event of events) display.handle(event as never);
  assert.doesNotMatch(out.text(), /\r|\x1b/);
  assert.deepEqual(out.text().trim().split('\n').map((line) => line.split(' ')[0]), ['Training', 'baseline', 'step']);
});

test('every gate action reads as words, new best and skipped steps too', () => {
  for (const [action, words] of [
    ['accept_new_best', 'accepted — new best'],
    ['skip_no_edits', 'skipped — no edits proposed'],
    ['skip_unchanged', 'skipped — the edits changed nothing'],
    ['force_accept', 'accepted (gate off)'],
  ] as const) {
    const out = output(false);
    const display = new TrainingDisplay(out.stream);
    display.handle({ type: 'gate_decision', step: 2, verdict: 'accept', action, candidateScore: 0.5, scoreBefore: 0.25, scoreAfter: 0.5, bestScore: 0.5 } as never);
    assert.ok(out.text().includes(`step   2      ${words}: `), out.text());
    assert.doesNotMatch(out.text(), new RegExp(action));
  }
});

test('after an unvalidated slow update the current score says it belongs to the skill before it', () => {
  const out = output(false);
  const display = new TrainingDisplay(out.stream);
  display.handle({ type: 'gate_decision', step: 5, verdict: 'reject', action: 'reject', candidateScore: 0.25, scoreBefore: 0.5, scoreBeforeUnvalidated: true, scoreAfter: 0.5, bestScore: 0.5 });
  assert.match(out.text(), /current 0\.500 \(not validated since the slow update\) → 0\.500/);
});

test('the step line carries the gate rule\'s evidence; guard rejections and a rotated validation set get lines of their own', () => {
  const out = output(false);
  const display = new TrainingDisplay(out.stream);
  display.handle({ type: 'gate_decision', step: 2, verdict: 'reject', action: 'reject', candidate: { hard: 0.67, soft: 0.7 }, candidateScore: 0.667, scoreBefore: 0.5, scoreAfter: 0.5, bestScore: 0.5, gate: { rule: 'statistical', passed: false, difference: 0.167, pValue: 0.5, significance: 0.05, improved: 1, worse: 0, tasks: 6, exact: true } });
  display.handle({ type: 'gate_decision', step: 3, verdict: 'accept', action: 'accept', candidate: { hard: 0.67, soft: 0.7 }, candidateScore: 0.667, scoreBefore: 0.5, scoreAfter: 0.667, bestScore: 0.667, gate: { rule: 'strict', passed: true, difference: 0.167 } });
  display.handle({ type: 'edits_guarded', step: 4, rejections: [{ edit: { op: 'append', content: '- Always mention the' }, guard: 'malformed', reason: 'it looks cut off: it stops on "the", mid-sentence', hint: '' }] });
  display.handle({ type: 'validation_rotated', epoch: 2, tasks: 6, currentScore: 0.5, bestScore: 0.667 });
  const lines = out.text().trim().split('\n');
  assert.equal(lines[0], 'step   2      rejected by the gate: candidate 0.667; current 0.500 → 0.500, best 0.500 · statistical: p = 0.500 > α 0.05 (1 of 6 tasks better, 0 worse; +16.7 points)');
  assert.equal(lines[1], 'step   3      accepted: candidate 0.667; current 0.500 → 0.667, best 0.667', 'the strict rule adds nothing the scores do not say');
  assert.equal(lines[2], 'step   4      guard rejected append "- Always mention the": malformed — it looks cut off: it stops on "the", mid-sentence');
  assert.equal(lines[3], 'epoch 2 validates on 6 other tasks: current 0.500, best 0.667');
});
