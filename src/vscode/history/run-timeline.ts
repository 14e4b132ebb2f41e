/**
 * One run's checkpoints as a timeline: which skill each checkpoint was derived from
 * (the left side of its diff), its validation score and delta, the gate's action and
 * the edits applied. Pure data over the store reader's records (no `vscode`), so the
 * Checkpoints view and its tests share one reading of the run.
 */
import type {
  CheckpointEntry,
  CheckpointMeta,
  EpochEndRecord,
  FinalRecord,
  StepAction,
  StepRecord,
  TrainingStepRecord,
} from '../../core/store';

/**
 * - `baseline`: the skill the run started from (step 0);
 * - `step`: a training step, with its candidate checkpoint when it selected edits;
 * - `reviewed`: the subset of a step's edits a person kept in gate mode `review`;
 * - `slow_update`: the skill after an epoch's slow update rewrote its protected region;
 * - `final`: the skill the run ended with (after the last slow update), validated at
 *   the end and promoted to best when it beat it. Its file is the lineage's last
 *   checkpoint (the final skill's text); it is diffed against the baseline.
 */
export type TimelineEntryKind = 'baseline' | 'step' | 'reviewed' | 'slow_update' | 'final';

/** One row of a run's timeline. */
export interface TimelineEntry {
  readonly kind: TimelineEntryKind;
  /** 1-based global step (0 for the baseline). */
  readonly step: number;
  readonly epoch: number;
  /** Checkpoint file name (`step-0003.md`); undefined when the step wrote none (no edits). */
  readonly file?: string;
  /** The checkpoint this one was derived from: the skill that was current before it. */
  readonly previousFile?: string;
  readonly meta?: CheckpointMeta;
  /** The step's record (steps and reviewed subsets). */
  readonly record?: TrainingStepRecord;
  /** The epoch-end record (slow updates). */
  readonly epochEnd?: EpochEndRecord;
  /** The final record (the `final` row). */
  readonly final?: FinalRecord;
  /** Validation score of this checkpoint's skill in the gate metric, 0..1; undefined when not validated. */
  readonly score?: number;
  /** `score` minus the score of the skill it was derived from. */
  readonly delta?: number;
  readonly action?: StepAction;
  /** Edits that changed the skill (applied, or applied as a fallback append). */
  readonly editsApplied: number;
  /** True when this checkpoint became the current skill. */
  readonly accepted: boolean;
  /** True when it also became the run's best skill (for `final`: the final validation promoted it). */
  readonly newBest: boolean;
  /**
   * True for a step's full candidate when a person kept only some of its edits: the
   * gate's action applies to the `reviewed` row (the selection), not to this one.
   */
  readonly superseded?: boolean;
}

/** Reviewed subsets are written as `step-0003-reviewed.md` beside the full candidate. */
function isReviewedFile(entry: CheckpointEntry): boolean {
  return entry.meta.kind === 'candidate' && (entry.file.endsWith('-reviewed.md') || entry.meta.parentHash !== undefined);
}

/** Order of checkpoints within one step: as the trainer writes them into the lineage. */
function rankOf(entry: CheckpointEntry): number {
  switch (entry.meta.kind) {
    case 'baseline':
      return 0;
    case 'candidate':
      return isReviewedFile(entry) ? 2 : 1;
    case 'slow_update':
      return 3;
    default:
      return 4;
  }
}

/** Counts the apply report's entries that changed the skill. */
export function appliedEditCount(report: readonly { status: string }[] | undefined): number {
  return (report ?? []).filter((entry) => entry.status.startsWith('applied')).length;
}

/** True for gate actions that make the candidate the current skill. */
export function isAcceptedAction(action: StepAction | undefined): boolean {
  return action === 'accept' || action === 'accept_new_best' || action === 'force_accept';
}

/**
 * The latest record per (kind, step), in the order last written: a resumed run may
 * have rewritten a step, and readers keep the last line written for it.
 */
export function latestRecords(records: readonly StepRecord[]): StepRecord[] {
  const byKey = new Map<string, StepRecord>();
  for (const record of records) {
    const key = `${record.kind}:${record.kind === 'epoch_end' ? record.epoch : record.step}`;
    byKey.delete(key);
    byKey.set(key, record);
  }
  return [...byKey.values()];
}

/**
 * Builds the timeline of a run, oldest first: the baseline, then per step its row (with
 * or without a checkpoint), a reviewed subset when there is one, and the slow update
 * of an epoch that ended on that step.
 */
export function buildRunTimeline(records: readonly StepRecord[], checkpoints: readonly CheckpointEntry[]): TimelineEntry[] {
  const latest = latestRecords(records);
  const steps = new Map<number, TrainingStepRecord>();
  const epochEnds = new Map<number, EpochEndRecord>();
  let baselineScore: number | undefined;
  let final: FinalRecord | undefined;
  for (const record of latest) {
    if (record.kind === 'step') steps.set(record.step, record);
    else if (record.kind === 'epoch_end') epochEnds.set(record.step, record);
    else if (record.kind === 'baseline') baselineScore = record.gateScore;
    else final = record;
  }
  // Steps whose selection (a subset of the edits) a person kept: their full candidate was not.
  const stepsWithSelection = new Set(checkpoints.filter(isReviewedFile).map((entry) => entry.meta.step));

  const sorted = [...checkpoints].sort((a, b) => a.meta.step - b.meta.step || rankOf(a) - rankOf(b) || a.file.localeCompare(b.file));
  const entries: TimelineEntry[] = [];
  let current: { file: string; score?: number } | undefined;
  const stepsWithRows = new Set<number>();

  const pushStepWithoutCheckpoint = (record: TrainingStepRecord) => {
    stepsWithRows.add(record.step);
    entries.push({ kind: 'step', step: record.step, epoch: record.epoch, previousFile: current?.file, record, action: record.action, editsApplied: 0, accepted: false, newBest: false });
  };
  // Steps without a checkpoint (no edits selected) that come before `step` (or at it, when `inclusive`).
  const flushStepsBefore = (step: number, inclusive = false) => {
    for (const record of [...steps.values()].sort((a, b) => a.step - b.step)) {
      const due = inclusive ? record.step <= step : record.step < step;
      if (due && !stepsWithRows.has(record.step)) pushStepWithoutCheckpoint(record);
    }
  };

  for (const checkpoint of sorted) {
    const { meta } = checkpoint;
    if (meta.kind === 'best' || meta.kind === 'final') continue;
    // A slow update comes after its epoch's last step, checkpoint or not.
    flushStepsBefore(meta.step, meta.kind === 'slow_update');
    const record = steps.get(meta.step);
    const previous = current;
    let entry: TimelineEntry;
    if (meta.kind === 'baseline') {
      const score = meta.gateScore ?? baselineScore;
      entry = { kind: 'baseline', step: 0, epoch: 0, file: checkpoint.file, meta, score, editsApplied: 0, accepted: true, newBest: false };
    } else if (meta.kind === 'slow_update') {
      entry = {
        kind: 'slow_update',
        step: meta.step,
        epoch: meta.epoch,
        file: checkpoint.file,
        previousFile: previous?.file,
        meta,
        epochEnd: epochEnds.get(meta.step),
        score: undefined,
        editsApplied: 0,
        accepted: meta.accepted !== false,
        newBest: false,
      };
    } else {
      const reviewed = isReviewedFile(checkpoint);
      const action = meta.action ?? record?.action;
      const score = meta.gateScore ?? (reviewed ? undefined : record?.candidateGateScore);
      const before = record?.scoreBefore ?? previous?.score;
      const superseded = !reviewed && isAcceptedAction(action) && (stepsWithSelection.has(meta.step) || record?.review?.subsetScores !== undefined);
      const accepted = !superseded && (meta.accepted ?? isAcceptedAction(action));
      entry = {
        kind: reviewed ? 'reviewed' : 'step',
        step: meta.step,
        epoch: meta.epoch,
        file: checkpoint.file,
        previousFile: previous?.file,
        meta,
        record,
        score,
        delta: score !== undefined && before !== undefined ? score - before : undefined,
        action,
        editsApplied: reviewed ? (record?.review?.acceptedEdits.length ?? 0) : appliedEditCount(meta.applyReport ?? record?.applyReport),
        accepted,
        newBest: accepted && action === 'accept_new_best',
        superseded,
      };
      if (!reviewed) stepsWithRows.add(meta.step);
    }
    entries.push(entry);
    // A rejected candidate (or the full candidate of a reviewed subset) stays out of the lineage.
    if (entry.accepted) current = { file: checkpoint.file, score: entry.score ?? previous?.score };
  }
  flushStepsBefore(Number.POSITIVE_INFINITY);
  if (final) entries.push(finalEntry(final, current, entries, steps));
  return entries;
}

/**
 * The `final` row: the lineage's last checkpoint holds the final skill's text; its score
 * is the final validation's, its delta against the last validated current skill.
 */
function finalEntry(
  final: FinalRecord,
  current: { file: string } | undefined,
  entries: readonly TimelineEntry[],
  steps: ReadonlyMap<number, TrainingStepRecord>,
): TimelineEntry {
  const lastStep = [...steps.values()].sort((a, b) => a.step - b.step).at(-1);
  const before = lastStep?.currentScore ?? entries.find((entry) => entry.kind === 'baseline')?.score;
  // Runs recorded before the final score was kept: a promotion made it the best score.
  const score = final.finalScore ?? (final.promoted ? final.bestScore : undefined);
  return {
    kind: 'final',
    step: final.step,
    epoch: lastStep?.epoch ?? 0,
    file: current?.file,
    previousFile: entries.find((entry) => entry.kind === 'baseline')?.file,
    final,
    score,
    delta: score !== undefined && before !== undefined ? score - before : undefined,
    editsApplied: 0,
    accepted: true,
    newBest: final.promoted,
  };
}
