/**
 * Writes a finished run with one step into a workspace's run store through the core
 * store API, as the trainer would: for "review any finished step on demand" and the
 * stored step's diff. No `vscode` import: the browser tests use it too.
 */
import { applyEdits } from '../../../src/core/skill';
import { checkpointFileName, openRunStore, type StoredEdit, type TrainingStepRecord } from '../../../src/core/store';

export interface StoredReviewRun {
  readonly runId: string;
  readonly step: number;
  /** The candidate skill: every edit applied to the baseline. */
  readonly candidateText: string;
}

/**
 * A run of `skillPath` whose step 1 proposed `edits` to `baselineText` and was
 * accepted by the gate (50% → 75% validation).
 */
export async function writeStoredReviewRun(options: {
  workspaceRoot: string;
  skillPath: string;
  skillName: string;
  baselineText: string;
  edits: StoredEdit[];
  runId: string;
  /** The run's keepListsTight, written to its config.json; without it the run has no config file (runs from before the option). */
  keepListsTight?: boolean;
}): Promise<StoredReviewRun> {
  const at = new Date().toISOString();
  const run = await openRunStore(options.workspaceRoot).createRun(
    {
      skillPath: options.skillPath,
      skillName: options.skillName,
      status: 'finished',
      startedAt: at,
      finishedAt: at,
      baselineScore: 0.5,
      bestValidationScore: 0.75,
      gateMetric: 'hard',
      costUsd: 0,
      stepsDone: 1,
      totalSteps: 1,
      models: { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' },
    },
    options.runId,
  );
  if (options.keepListsTight !== undefined) await run.writeConfig({ training: { keepListsTight: options.keepListsTight } });
  const candidate = applyEdits(options.baselineText, options.edits, { keepListsTight: options.keepListsTight === true });
  const applyReport = candidate.reports.map((report) => ({ ...report }));
  await run.writeCheckpoint(checkpointFileName(0), options.baselineText, {
    step: 0,
    epoch: 0,
    kind: 'baseline',
    skillHash: 'baseline',
    validation: { hard: 0.5, soft: 0.6 },
    gateScore: 0.5,
    createdAt: at,
  });
  await run.writeCheckpoint(checkpointFileName(1), candidate.text, {
    step: 1,
    epoch: 1,
    kind: 'candidate',
    skillHash: 'candidate',
    action: 'accept_new_best',
    accepted: true,
    validation: { hard: 0.75, soft: 0.8 },
    gateScore: 0.75,
    edits: options.edits,
    applyReport,
    createdAt: at,
  });
  const step: TrainingStepRecord = {
    kind: 'step',
    step: 1,
    epoch: 1,
    budget: 4,
    train: { hard: 0.5, soft: 0.6, count: 8 },
    patches: { failure: 2, success: 1, unparsable: 0 },
    editsProposed: options.edits.length + 2,
    editsMerged: options.edits.length,
    selectedEdits: options.edits,
    applyReport,
    validation: { hard: 0.75, soft: 0.8 },
    candidateGateScore: 0.75,
    scoreBefore: 0.5,
    currentScore: 0.75,
    bestScore: 0.75,
    bestStep: 1,
    action: 'accept_new_best',
    checkpoint: `checkpoints/${checkpointFileName(1)}`,
    usage: {},
    wallMs: 1000,
    at,
  };
  await run.appendSteps([
    { kind: 'baseline', step: 0, validation: { hard: 0.5, soft: 0.6 }, gateScore: 0.5, skillHash: 'baseline', checkpoint: `checkpoints/${checkpointFileName(0)}`, at },
    step,
  ]);
  return { runId: run.id, step: 1, candidateText: candidate.text };
}
