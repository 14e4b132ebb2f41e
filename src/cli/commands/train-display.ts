/**
 * The live view of a training run. On a terminal: one status line redrawn in place
 * (epoch, step, stage, scores, edit budget, cost) with each decision printed above it.
 * Elsewhere (CI logs, pipes): the same decisions as plain lines, no redraws.
 */
import { decisionText } from '../../core/training/decision-text';
import { describeGuardRejection } from '../../core/training/edit-guards';
import { describeGateEvidence } from '../../core/training/gate-rule';
import type { TrainingEvent } from '../../core/training/training-events';
import type { CliOutput } from '../cli-io';

function score(value: number | undefined): string {
  return value === undefined || value < 0 ? '—' : value.toFixed(3);
}

function cost(usd: number | null): string {
  return usd === null ? 'cost unknown' : `$${usd.toFixed(4)}`;
}

export class TrainingDisplay {
  private epoch = 0;
  private epochs = 0;
  private step = 0;
  private totalSteps = 0;
  private stage = 'starting';
  private progress = '';
  private budget: number | null = null;
  private current: number | undefined;
  private best: number | undefined;
  private costUsd: number | null = 0;
  private drawn = false;

  constructor(private readonly output: CliOutput) {}

  /** Handles one event; safe to pass as the trainer's `onEvent`. */
  readonly handle = (event: TrainingEvent): void => {
    switch (event.type) {
      case 'run_started':
        this.epochs = event.epochs;
        this.totalSteps = event.totalSteps;
        this.step = 0;
        this.line(
          `${event.resumed ? 'Resuming' : 'Training'} run ${event.runId}: ${event.epochs} epoch${event.epochs === 1 ? '' : 's'} × ${event.stepsPerEpoch} step${event.stepsPerEpoch === 1 ? '' : 's'} · ` +
            `target ${event.models.target}, optimizer ${event.models.optimizer}${event.models.judge ? `, judge ${event.models.judge}` : ''}`,
        );
        break;
      case 'baseline_scored':
        this.current = this.best = event.gateScore;
        this.line(`baseline      validation hard ${event.validation.hard.toFixed(3)} soft ${event.validation.soft.toFixed(3)} → score ${score(event.gateScore)}`);
        break;
      case 'step_started':
        this.step = event.step;
        this.budget = event.budget;
        this.epoch = event.epoch;
        break;
      case 'stage_started':
        this.stage = event.stage.replace('_', ' ');
        this.epoch = Math.max(this.epoch, event.epoch);
        this.progress = '';
        break;
      case 'rollout_progress':
        this.progress = `${event.phase} ${event.done}/${event.total}`;
        break;
      case 'edits_selected':
        this.line(
          `step ${String(event.step).padStart(3)}      ${event.selected.length} edit${event.selected.length === 1 ? '' : 's'} selected of ${event.merged} merged` +
            `${event.budget === null ? '' : ` (budget ${event.budget})`}${event.ranked ? (event.fallback ? ', ranking unreadable: kept the first' : ', ranked') : ''}`,
        );
        break;
      case 'gate_decision': {
        this.current = event.scoreAfter;
        this.best = event.bestScore;
        const candidate = event.candidateScore === undefined ? 'no change to validate' : `candidate ${score(event.candidateScore)}`;
        const review = event.reviewed ? (event.againstGate ? ' — reviewer overrode the gate' : ' — reviewed') : '';
        const unvalidated = event.scoreBeforeUnvalidated ? ' (not validated since the slow update)' : '';
        // The rule's evidence (p-value, regressed tasks, margin) when it says more than the scores do.
        const rule = event.gate && (event.gate.rule !== 'strict' || event.gate.fallback) ? ` · ${describeGateEvidence(event.gate)}` : '';
        // The decision in words ("rejected by the gate"), never the internal action name.
        this.line(`step ${String(event.step).padStart(3)}      ${decisionText(event.action)}: ${candidate}; current ${score(event.scoreBefore)}${unvalidated} → ${score(event.scoreAfter)}, best ${score(event.bestScore)}${review}${rule}`);
        break;
      }
      case 'edits_guarded':
        for (const rejection of event.rejections) this.line(`step ${String(event.step).padStart(3)}      guard rejected ${describeGuardRejection(rejection)}`);
        break;
      case 'validation_rotated':
        this.current = event.currentScore;
        this.best = event.bestScore;
        this.line(`epoch ${event.epoch} validates on ${event.tasks} other task${event.tasks === 1 ? '' : 's'}: current ${score(event.currentScore)}, best ${score(event.bestScore)}`);
        break;
      case 'epoch_ended':
        this.line(`epoch ${event.epoch} done  slow update: ${event.slowUpdate.replaceAll('_', ' ')} · meta skill: ${event.metaSkill.replaceAll('_', ' ')}`);
        break;
      case 'usage':
        this.costUsd = event.totalCostUsd;
        break;
      case 'warning':
        this.line(`warning: ${event.message}`);
        break;
      default:
        break;
    }
    this.draw();
  };

  /** Clears the status line before the final report. */
  finish(): void {
    if (this.drawn) this.output.write('\r\x1b[2K');
    this.drawn = false;
  }

  private line(text: string): void {
    if (this.drawn) this.output.write('\r\x1b[2K');
    this.drawn = false;
    this.output.write(`${text}\n`);
  }

  private draw(): void {
    if (!this.output.isTTY) return;
    let text =
      `epoch ${this.epoch}/${this.epochs} · step ${this.step}/${this.totalSteps} · ${this.stage}${this.progress ? ` ${this.progress}` : ''} · ` +
      `score ${score(this.current)} (best ${score(this.best)}) · budget ${this.budget ?? '∞'} · ${cost(this.costUsd)}`;
    const columns = this.output.columns;
    if (columns && text.length > columns - 1) text = text.slice(0, columns - 1);
    this.output.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }
}
