import * as assert from 'node:assert/strict';
import type { CheckpointEntry, CheckpointMeta, StepRecord, TrainingStepRecord } from '../../../src/core/store';
import { buildRunTimeline } from '../../../src/vscode/history/run-timeline';
import { buildRunTrend, distinctRunLabels, leaderboardRows, runLabel } from '../../../src/vscode/history/trend-series';

// The timeline and chart series read from records shaped as the trainer writes them,
// for cases a short simulated run does not produce: a reviewed subset, a step that
// changed nothing, a step rewritten by a resume, a run with the mixed metric.

const AT = '2026-01-01T00:00:00.000Z';

function checkpoint(file: string, meta: Omit<CheckpointMeta, 'skillHash' | 'createdAt'>): CheckpointEntry {
  return { file, path: `/store/runs/r/checkpoints/${file}`, meta: { ...meta, skillHash: file, createdAt: AT } };
}

function step(record: Partial<TrainingStepRecord> & Pick<TrainingStepRecord, 'step' | 'epoch' | 'action' | 'scoreBefore' | 'currentScore' | 'bestScore'>): TrainingStepRecord {
  return {
    kind: 'step',
    budget: 4,
    train: { hard: 0.5, soft: 0.7, count: 8 },
    patches: { failure: 1, success: 1, unparsable: 0 },
    editsProposed: 3,
    editsMerged: 2,
    selectedEdits: [{ op: 'append', content: 'A' }, { op: 'append', content: 'B' }],
    applyReport: [
      { index: 1, op: 'append', status: 'applied' },
      { index: 2, op: 'append', status: 'applied_fallback_append' },
    ],
    bestStep: 0,
    usage: {},
    wallMs: 1000,
    at: AT,
    ...record,
  };
}

const records: StepRecord[] = [
  { kind: 'baseline', step: 0, validation: { hard: 0.4, soft: 0.6 }, gateScore: 0.4, skillHash: 'b', checkpoint: 'checkpoints/step-0000.md', at: AT },
  // Step 1 as first written, then again by a resume: the later line counts.
  step({ step: 1, epoch: 1, action: 'reject', scoreBefore: 0.4, currentScore: 0.4, bestScore: 0.4, candidateGateScore: 0.3 }),
  step({ step: 1, epoch: 1, action: 'accept_new_best', scoreBefore: 0.4, currentScore: 0.6, bestScore: 0.6, candidateGateScore: 0.6 }),
  step({ step: 2, epoch: 1, action: 'skip_no_edits', scoreBefore: 0.6, currentScore: 0.6, bestScore: 0.6, selectedEdits: [], applyReport: [] }),
  { kind: 'epoch_end', epoch: 1, step: 2, slowUpdate: { action: 'inserted_empty_region' }, metaSkill: { action: 'written' }, currentScore: 0.6, bestScore: 0.6, at: AT },
  step({
    step: 3,
    epoch: 2,
    action: 'accept',
    scoreBefore: 0.6,
    currentScore: 0.65,
    bestScore: 0.7,
    candidateGateScore: 0.7,
    review: { acceptedEdits: [1], gateVerdict: 'accept_new_best', againstGate: false, subsetScores: { hard: 0.65, soft: 0.7 } },
  }),
  step({ step: 4, epoch: 2, action: 'reject', scoreBefore: 0.65, currentScore: 0.65, bestScore: 0.7, candidateGateScore: 0.5, budget: null }),
  { kind: 'epoch_end', epoch: 2, step: 4, slowUpdate: { action: 'rewrote_region' }, metaSkill: { action: 'written' }, currentScore: 0.65, bestScore: 0.7, at: AT },
];

const checkpoints: CheckpointEntry[] = [
  checkpoint('step-0000.md', { step: 0, epoch: 0, kind: 'baseline', accepted: true, gateScore: 0.4 }),
  checkpoint('step-0001.md', { step: 1, epoch: 1, kind: 'candidate', action: 'accept_new_best', accepted: true, gateScore: 0.6 }),
  checkpoint('step-0002-slow-update.md', { step: 2, epoch: 1, kind: 'slow_update', accepted: true }),
  // Listed in file-name order by the reader: the reviewed subset sorts before the full candidate.
  checkpoint('step-0003-reviewed.md', { step: 3, epoch: 2, kind: 'candidate', parentHash: 'step-0003.md', action: 'accept', accepted: true, gateScore: 0.65 }),
  checkpoint('step-0003.md', { step: 3, epoch: 2, kind: 'candidate', action: 'accept', accepted: false, gateScore: 0.7 }),
  checkpoint('step-0004-slow-update.md', { step: 4, epoch: 2, kind: 'slow_update', accepted: true }),
  checkpoint('step-0004.md', { step: 4, epoch: 2, kind: 'candidate', action: 'reject', accepted: false, gateScore: 0.5 }),
];

describe('the checkpoint timeline of a run', () => {
  const timeline = buildRunTimeline(records, checkpoints);

  it('orders rows as the run made them, steps without a checkpoint included', () => {
    assert.deepEqual(
      timeline.map((entry) => `${entry.kind}:${entry.step}`),
      ['baseline:0', 'step:1', 'step:2', 'slow_update:2', 'step:3', 'reviewed:3', 'step:4', 'slow_update:4'],
    );
  });

  it('derives each checkpoint from the skill that was current: rejected candidates and the full candidate of a reviewed subset never are', () => {
    const previous = Object.fromEntries(timeline.filter((entry) => entry.file).map((entry) => [entry.file!, entry.previousFile]));
    assert.deepEqual(previous, {
      'step-0000.md': undefined,
      'step-0001.md': 'step-0000.md',
      'step-0002-slow-update.md': 'step-0001.md',
      'step-0003.md': 'step-0002-slow-update.md',
      'step-0003-reviewed.md': 'step-0002-slow-update.md',
      'step-0004.md': 'step-0003-reviewed.md',
      'step-0004-slow-update.md': 'step-0003-reviewed.md',
    });
  });

  it('gives scores, deltas, decisions and edit counts from the latest records', () => {
    const byKey = Object.fromEntries(timeline.map((entry) => [`${entry.kind}:${entry.step}`, entry]));
    assert.equal(byKey['step:1']!.action, 'accept_new_best', 'the resumed step\'s record should win');
    assert.equal(rounded(byKey['step:1']!.delta), 0.2);
    assert.equal(byKey['step:1']!.editsApplied, 2, 'a fallback append changed the skill too');
    assert.equal(byKey['step:1']!.newBest, true);
    assert.equal(byKey['step:2']!.file, undefined);
    assert.equal(byKey['step:2']!.editsApplied, 0);
    assert.equal(byKey['step:3']!.accepted, false);
    assert.equal(byKey['reviewed:3']!.accepted, true);
    assert.equal(byKey['reviewed:3']!.editsApplied, 1);
    assert.equal(rounded(byKey['reviewed:3']!.delta), 0.05);
    assert.equal(rounded(byKey['step:4']!.delta), -0.15);
    assert.equal(byKey['slow_update:2']!.epochEnd?.slowUpdate.action, 'inserted_empty_region');
    assert.equal(byKey['slow_update:2']!.score, undefined, 'slow updates are not validated');
  });

  it('marks the full candidate of a reviewed selection as superseded, not accepted; the selection carries the decision', () => {
    const byKey = Object.fromEntries(timeline.map((entry) => [`${entry.kind}:${entry.step}`, entry]));
    assert.equal(byKey['step:3']!.superseded, true);
    assert.equal(byKey['step:3']!.newBest, false);
    assert.equal(byKey['reviewed:3']!.superseded, false);
    assert.equal(byKey['step:1']!.superseded, false);
  });

  it('treats an old record without accepted flags the same when a selection checkpoint exists', () => {
    const unflagged = checkpoints.map((entry) => (entry.file === 'step-0003.md' ? { ...entry, meta: { ...entry.meta, accepted: undefined } } : entry));
    const entry = buildRunTimeline(records, unflagged).find((candidate) => candidate.kind === 'step' && candidate.step === 3)!;
    assert.equal(entry.accepted, false);
    assert.equal(entry.superseded, true);
  });

  it('ends a finished run with the final skill: the last kept checkpoint, its final score and whether it was promoted', () => {
    const final: StepRecord = { kind: 'final', step: 4, finalValidation: { hard: 0.8, soft: 0.9 }, finalScore: 0.8, promoted: true, bestStep: 4, bestScore: 0.8, at: AT };
    const withFinal = buildRunTimeline([...records, final], checkpoints);
    const last = withFinal.at(-1)!;
    assert.equal(last.kind, 'final');
    assert.equal(last.file, 'step-0004-slow-update.md', 'the final skill is the text after the last slow update');
    assert.equal(last.previousFile, 'step-0000.md');
    assert.equal(last.score, 0.8);
    assert.equal(rounded(last.delta), 0.15, 'against the last validated current skill (0.65)');
    assert.equal(last.newBest, true);
    // A run recorded before the final score was kept: a promotion gave the best score; otherwise nothing is known.
    const { finalScore: _dropped, ...old } = final as Extract<StepRecord, { kind: 'final' }>;
    assert.equal(buildRunTimeline([...records, old], checkpoints).at(-1)!.score, 0.8);
    assert.equal(buildRunTimeline([...records, { ...old, promoted: false, bestScore: 0.7, bestStep: 3 }], checkpoints).at(-1)!.score, undefined);
  });
});

describe('the score-trend series of a run', () => {
  const run = {
    id: 'r',
    skillPath: '/ws/skills/demo/SKILL.md',
    skillName: 'demo',
    status: 'finished' as const,
    startedAt: '2026-03-05T09:07:00.000Z',
    gateMetric: 'mixed' as const,
    baselineScore: 0.4,
    bestValidationScore: 0.7,
    costUsd: 0,
    stepsDone: 4,
    totalSteps: 4,
    models: { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' },
  };

  it('has a point per step from the baseline on, in the gate metric, with decisions and epoch ends', () => {
    const trend = buildRunTrend(run, records, { mixedWeight: 0.25 });
    assert.deepEqual(trend.points.map((point) => point.step), [0, 1, 2, 3, 4]);
    assert.deepEqual(trend.points.map((point) => point.decision), ['baseline', 'accept_new_best', 'skip_no_edits', 'accept', 'reject']);
    assert.deepEqual(trend.points.map((point) => point.validation), [0.4, 0.6, 0.6, 0.65, 0.65]);
    assert.deepEqual(trend.points.map((point) => point.candidate), [null, 0.6, null, 0.7, 0.5]);
    assert.deepEqual(trend.points.map((point) => point.budget), [null, 4, 4, 4, null]);
    // mixed = 0.75 · hard + 0.25 · soft = 0.75 · 0.5 + 0.25 · 0.7
    assert.equal(rounded(trend.points[1]!.train ?? undefined), 0.55);
    assert.equal(trend.points[3]!.reviewed, true);
    assert.equal(trend.points[3]!.editsApplied, 1);
    assert.equal(trend.points[3]!.editsSelected, 2);
    // The selection the person kept, in the gate metric: 0.75 · 0.65 + 0.25 · 0.7.
    assert.deepEqual(trend.points.map((point) => (point.selection === null ? null : rounded(point.selection))), [null, null, null, 0.66, null]);
    assert.equal(trend.final, undefined, 'no final point before the run finished');
    assert.deepEqual(trend.epochEnds, [2, 4]);
    assert.equal(trend.models, 'sim:demo');
  });

  it('adds the final skill once the run finished', () => {
    const final: StepRecord = { kind: 'final', step: 4, finalValidation: { hard: 0.8, soft: 0.9 }, finalScore: 0.825, promoted: true, bestStep: 4, bestScore: 0.825, at: AT };
    assert.deepEqual(buildRunTrend(run, [...records, final], { mixedWeight: 0.25 }).final, { step: 4, score: 0.825, best: 0.825, promoted: true });
  });

  it('labels runs apart: by minute, with seconds when two share a minute, with the id\'s end when they share a second', () => {
    const labels = distinctRunLabels([
      { id: 'run-a-000001', startedAt: '2026-03-05T09:07:10.000Z' },
      { id: 'run-b-000002', startedAt: '2026-03-05T09:07:40.000Z' },
      { id: 'run-c-000003', startedAt: '2026-03-05T09:09:40.000Z' },
      { id: 'run-d-abc123', startedAt: '2026-03-05T10:00:05.100Z' },
      { id: 'run-e-def456', startedAt: '2026-03-05T10:00:05.900Z' },
    ]);
    const time = runLabel('2026-03-05T09:07:10.000Z');
    assert.equal(labels.get('run-a-000001'), `${time}:10`);
    assert.equal(labels.get('run-b-000002'), `${time}:40`);
    assert.equal(labels.get('run-c-000003'), runLabel('2026-03-05T09:09:40.000Z'));
    assert.match(labels.get('run-d-abc123') ?? '', /:05 · abc123$/);
    assert.match(labels.get('run-e-def456') ?? '', /:05 · def456$/);
    assert.equal(new Set(labels.values()).size, 5);
  });

  it('ranks the leaderboard by each skill\'s best run', () => {
    const entry = (runId: string, best: number) => ({ runId, bestValidationScore: best, gateMetric: 'hard' as const, status: 'finished' as const, models: run.models });
    const rows = leaderboardRows({ '/ws/a/SKILL.md': [entry('a1', 0.5)], '/ws/b/SKILL.md': [entry('b1', 0.9), entry('b2', 0.8)] });
    assert.deepEqual(rows.map((row) => [row.skillName, row.runId, row.rank]), [['b', 'b1', 1], ['b', 'b2', 2], ['a', 'a1', 1]]);
  });
});

/** Two decimals, so float sums compare. */
function rounded(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value * 100) / 100;
}
