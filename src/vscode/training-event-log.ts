/**
 * Trainer events as log lines for the "Skill Trainer" LogOutputChannel: one line per
 * stage and decision at info level, per-call usage and rollout progress at trace
 * level (visible when the person sets the channel's level to Trace).
 */
import { clipAtWord } from './clip-at-word';
import type { TrainingEvent } from '../core/training';
import { describeGateEvidence } from '../core/training/gate-rule';
import { describeGuardRejection } from '../core/training/edit-guards';
import { describeTestSplit } from '../core/training/test-split-statement';
import { wordMessage } from '../core/errors';
import { SETTINGS_WORDING, uiRunText } from './message-wording';

export type LogLevel = 'trace' | 'info' | 'warn' | 'error';

export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
}

/**
 * Where a run's best skill came from: "at step 3", or the final skill when the final
 * validation (after the last slow update) promoted it.
 */
export function bestSkillOrigin(finished: { readonly bestStep: number; readonly bestIsFinal?: boolean }): string {
  if (finished.bestIsFinal) return 'from the final skill (after slow update)';
  // Step 0 is the skill as it started: no step beat it.
  return finished.bestStep === 0 ? 'from the baseline (no step beat it)' : `at step ${finished.bestStep}`;
}

/** A score 0..1 with two decimals. */
export function formatScore(score: number | undefined): string {
  return score === undefined || Number.isNaN(score) ? '–' : score.toFixed(2);
}

/** USD with cents, or "unknown" when some call's price is unknown (never shown as free). */
export function formatCost(costUsd: number | null | undefined): string {
  if (costUsd === null) return 'cost unknown';
  return `$${(costUsd ?? 0).toFixed(costUsd !== undefined && costUsd > 0 && costUsd < 0.01 ? 4 : 2)}`;
}

const verdictText: Record<string, string> = {
  accept_new_best: 'accepted, new best',
  accept: 'accepted',
  reject: 'rejected',
  force_accept: 'accepted (gate off)',
  skip_unchanged: 'skipped (the edits changed nothing)',
  skip_no_edits: 'skipped (no edits were proposed)',
  skip_guarded: 'skipped (the guards rejected every edit)',
};

/** The log line of an event, prefixed with the skill's name. */
export function formatTrainingEvent(skillName: string, event: TrainingEvent): LogLine {
  const line = (level: LogLevel, message: string): LogLine => ({ level, message: `[${skillName}] ${message}` });
  switch (event.type) {
    case 'run_started':
      return line(
        'info',
        `${event.resumed ? 'Resumed' : 'Started'} run ${event.runId}: ${plural(event.epochs, 'epoch')} of ${plural(event.stepsPerEpoch, 'step')}; ` +
          `target ${event.models.target}, optimizer ${event.models.optimizer}${event.models.judge ? `, judge ${event.models.judge}` : ''}`,
      );
    case 'stage_started':
      return line('trace', `epoch ${event.epoch} step ${event.step}: ${event.stage.replace('_', ' ')}`);
    case 'step_started':
      return line('info', `Step ${event.step}/${event.totalSteps} (epoch ${event.epoch}), edit budget ${event.budget ?? 'uncapped'}`);
    case 'rollout_progress':
      return line('trace', `${event.phase} rollouts ${event.done}/${event.total}`);
    case 'baseline_scored':
      return line('info', `Baseline validation score ${formatScore(event.gateScore)} (hard ${formatScore(event.validation.hard)}, soft ${formatScore(event.validation.soft)})`);
    case 'patch_proposed':
      return event.unparsable
        ? line('warn', `step ${event.step}: a ${event.source} analyst's reply could not be parsed (${event.unparsable}); its minibatch proposes nothing`)
        : line('trace', `step ${event.step}: ${event.source} minibatch ${event.minibatch} proposed ${event.edits.length} edit(s)`);
    case 'edits_merged':
      return line('info', `step ${event.step}: ${event.proposed} proposed edit(s) merged into ${event.merged}${event.fallback ? ' (merge reply unusable; kept the proposals)' : ''}`);
    case 'edits_selected':
      if (event.selected.length === 0) return line('info', `step ${event.step}: no edits to select`);
      return line(
        'info',
        `step ${event.step}: selected ${event.selected.length} of ${event.merged} edit(s)${event.ranked ? ' by ranking' : ''}: ` +
          event.selected.map((edit) => `${edit.op}${edit.target ? ` "${clipAtWord(edit.target, 40)}"` : ''}`).join('; '),
      );
    case 'candidate_applied': {
      const skipped = event.applyReport.filter((report) => !report.status.startsWith('applied')).length;
      return line('info', `step ${event.step}: candidate ${event.changed ? 'changed the skill' : 'is unchanged'}${skipped > 0 ? `, ${skipped} edit(s) skipped` : ''}`);
    }
    case 'gate_decision':
      return line(
        'info',
        `step ${event.step}: ${verdictText[event.action] ?? event.action}${event.reviewed ? ' by your review' : ''}${event.againstGate ? ' (against the gate)' : ''} — ` +
          // As the CLI says: after an ungated slow update the current score belongs to the skill before it.
          `validation ${formatScore(event.scoreBefore)}${event.scoreBeforeUnvalidated ? ' (not validated since the slow update)' : ''} → ` +
          `${formatScore(event.candidateScore ?? event.scoreAfter)}, best ${formatScore(event.bestScore)}` +
          (event.gate ? ` · ${describeGateEvidence(event.gate)}` : ''),
      );
    case 'edits_guarded':
      return line('warn', `step ${event.step}: the guards rejected ${plural(event.rejections.length, 'edit')} before the gate — ${event.rejections.map(describeGuardRejection).join('; ')}`);
    case 'validation_rotated':
      return line('info', `Epoch ${event.epoch} validates on ${plural(event.tasks, 'other task')}: current skill ${formatScore(event.currentScore)}, best ${formatScore(event.bestScore)} on them`);
    case 'checkpoint_written':
      return line('trace', `step ${event.step}: ${event.kind} checkpoint ${event.file}`);
    case 'epoch_ended':
      return line('info', `Epoch ${event.epoch} ended: slow update ${event.slowUpdate.replace(/_/g, ' ')}, meta skill ${event.metaSkill.replace(/_/g, ' ')}`);
    case 'usage':
      return line(
        'trace',
        `${event.role} ${event.label}: ${event.inputTokens} in / ${event.outputTokens} out tokens, ${event.replayed ? 'replayed' : formatCost(event.costUsd)}; run total ${formatCost(event.totalCostUsd)}`,
      );
    case 'warning':
      return line('warn', event.message);
    case 'run_finished':
      return line(
        'info',
        `Run ${event.runId} finished: best validation ${formatScore(event.bestScore)} ${bestSkillOrigin(event)} (baseline ${formatScore(event.baselineScore)})` +
          (event.test ? `; test hard ${formatScore(event.test.baseline.hard)} → ${formatScore(event.test.best.hard)}` : '') +
          `. Trained skill: ${event.trainedSkillPath}. ${wordMessage(describeTestSplit(event.testSplit), SETTINGS_WORDING)}`,
      );
    case 'run_failed':
      return line('error', uiRunText(event.messageParts, event.message));
    case 'run_cancelled':
      return line('warn', uiRunText(event.messageParts, event.message));
    case 'run_budget_stopped':
      return line('warn', uiRunText(event.messageParts, event.message));
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

