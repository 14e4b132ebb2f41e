import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateCandidate } from '../../../src/core/training/gate-stage';
import { resolveTrainingConfig } from '../../../src/core/training/training-config';
import { applySelectedEdits } from '../../../src/core/training/update-stage';
import { applyReview } from '../../../src/core/training/review-gate';
import { edit } from './stage-helpers';

const gate = resolveTrainingConfig().gate;

test('update applies the selected edits in order and keeps the apply report', () => {
  const outcome = applySelectedEdits(
    '# Skill\n\n## Rules\n- one\n',
    [edit('- two', { op: 'insert_after', target: '## Rules' }), edit('x', { op: 'replace', target: 'missing' }), edit('- three')],
    { keepListsTight: true },
  );
  // '- three' is appended right after the tight list, so it joins it (keepListsTight).
  assert.equal(outcome.candidate, '# Skill\n\n## Rules\n\n- two\n- one\n- three\n');
  assert.deepEqual(outcome.applyReport.map((r) => r.status), ['applied', 'skipped_target_missing', 'applied']);
  assert.equal(outcome.changed, true);
  assert.equal(applySelectedEdits('a\n', [edit('x', { op: 'delete', target: 'zzz' })], {}).changed, false);
});

test('update keeps a tight list tight only with the run\'s keepListsTight; off it applies edits as SkillOpt does', () => {
  const skill = '# Rules\n- one\n- two\n';
  const edits = [edit('- one and a half', { op: 'insert_after', target: '- one' })];
  assert.equal(applySelectedEdits(skill, edits, { keepListsTight: true }).candidate, '# Rules\n- one\n- one and a half\n- two\n');
  assert.equal(applySelectedEdits(skill, edits, { keepListsTight: false }).candidate, '# Rules\n- one\n\n- one and a half\n- two\n');
});

test('the gate validates the candidate and decides against current and best', async () => {
  const seen: string[] = [];
  const validate = async (text: string) => {
    seen.push(text);
    return { hard: 0.75, soft: 0.8 };
  };
  const outcome = await gateCandidate({ candidate: 'c', candidateHash: 'h', currentScore: 0.5, bestScore: 0.5, gate, validate });
  assert.deepEqual(outcome, { scores: { hard: 0.75, soft: 0.8 }, candidateScore: 0.75, verdict: 'accept_new_best', evidence: { rule: 'strict', passed: true, difference: 0.25 }, action: 'accept_new_best' });
  const tie = await gateCandidate({ candidate: 'c', candidateHash: 'h', currentScore: 0.75, bestScore: 0.75, gate, validate });
  assert.equal(tie.action, 'reject');
  assert.equal(seen.length, 2);
});

test('with the gate off a worse candidate is still validated and force-accepted', async () => {
  const outcome = await gateCandidate({ candidate: 'c', candidateHash: 'h', currentScore: 0.9, bestScore: 0.9, gate: { ...gate, useGate: false }, validate: async () => ({ hard: 0.1, soft: 0.2 }) });
  assert.equal(outcome.verdict, 'reject');
  assert.equal(outcome.action, 'force_accept');
  assert.equal(outcome.candidateScore, 0.1);
});

function reviewArgs(acceptedEdits: number[], gateVerdict: 'accept' | 'reject' | 'accept_new_best', validations: string[], keepListsTight = true) {
  const selected = [edit('- a'), edit('- b')];
  return {
    decision: { acceptedEdits },
    request: {
      runId: 'r', epoch: 1, step: 1, currentSkill: 'S\n', candidateSkill: 'S\n\n- a\n\n- b\n', selectedEdits: selected, applyReport: [], keepListsTight, gateVerdict, metric: 'hard' as const,
      scores: { current: 0.5, best: 0.5, candidate: { hard: 0.25, soft: 0.3 }, candidateScore: 0.25 },
    },
    selected,
    candidate: { text: 'S\n\n- a\n\n- b\n', scores: { hard: 0.25, soft: 0.3 }, score: 0.25 },
    currentSkill: 'S\n',
    gate,
    validate: async (text: string) => {
      validations.push(text);
      return { hard: 0.75, soft: 0.75 };
    },
  };
}

test('review: accepting every edit against a reject is recorded as against the gate', async () => {
  const validations: string[] = [];
  const outcome = await applyReview(reviewArgs([0, 1], 'reject', validations));
  assert.equal(outcome.action, 'accept');
  assert.deepEqual(outcome.review, { acceptedEdits: [0, 1], gateVerdict: 'reject', againstGate: true });
  assert.equal(outcome.acceptedSkill, 'S\n\n- a\n\n- b\n');
  assert.equal(validations.length, 0);
});

test('review: rejecting everything the gate accepted is recorded too', async () => {
  const outcome = await applyReview(reviewArgs([], 'accept', []));
  assert.equal(outcome.action, 'reject');
  assert.equal(outcome.review.againstGate, true);
  assert.equal(outcome.acceptedSkill, undefined);
});

test('review: a subset becomes a new candidate that is validated before it counts', async () => {
  const validations: string[] = [];
  const outcome = await applyReview(reviewArgs([1, 1, 7], 'reject', validations));
  assert.deepEqual(validations, ['S\n\n- b\n']);
  assert.equal(outcome.acceptedSkill, 'S\n\n- b\n');
  assert.equal(outcome.action, 'accept_new_best');
  assert.deepEqual(outcome.review, { acceptedEdits: [1], gateVerdict: 'accept_new_best', againstGate: false, subsetScores: { hard: 0.75, soft: 0.75 } });
});

test('the gate holds the candidate to the configured rule, with the current skill\'s per-task scores', async () => {
  const noRegression = { ...gate, rule: 'no-regression' as const };
  // Better on average (0.5 → 0.75), but task b got worse.
  const validate = async () => ({ hard: 0.75, soft: 0.75, tasks: { a: { hard: 1, soft: 1 }, b: { hard: 0, soft: 0 }, c: { hard: 1, soft: 1 }, d: { hard: 1, soft: 1 } } });
  const currentTasks = { a: [0], b: [1], c: [1], d: [0] };
  const outcome = await gateCandidate({ candidate: 'c', candidateHash: 'h', currentScore: 0.5, currentTasks, bestScore: 0.5, gate: noRegression, validate });
  assert.equal(outcome.action, 'reject');
  assert.deepEqual(outcome.evidence.regressed, [{ taskId: 'b', before: 1, after: 0 }]);
  assert.deepEqual(outcome.scores, { hard: 0.75, soft: 0.75 }, 'the record keeps the means; per-task scores stay in the cache');
  const strict = await gateCandidate({ candidate: 'c', candidateHash: 'h', currentScore: 0.5, currentTasks, bestScore: 0.5, gate, validate });
  assert.equal(strict.action, 'accept_new_best');
});

test('review: a subset is applied the way the run applies edits (the request says whether lists stay tight)', async () => {
  const selected = [edit('- one and a half', { op: 'insert_after', target: '- one' }), edit('- three', { op: 'insert_after', target: '- two' })];
  for (const keepListsTight of [true, false]) {
    const args = reviewArgs([0], 'accept', []);
    const outcome = await applyReview({ ...args, selected, currentSkill: '- one\n- two\n', request: { ...args.request, selectedEdits: selected, keepListsTight } });
    assert.equal(outcome.acceptedSkill, keepListsTight ? '- one\n- one and a half\n- two\n' : '- one\n\n- one and a half\n- two\n');
  }
});
