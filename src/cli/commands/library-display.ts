/**
 * What `train-all` prints while it works: one line when a skill starts, at each step,
 * and when it ends (finished with baseline → best, skipped, failed, stopped). Plain
 * lines suit a terminal and a CI log alike; skills run in parallel, so every line
 * names its skill.
 */
import type { LibraryEvent } from '../../core/library/library-events';
import type { LibrarySkillOutcome } from '../../core/library/library-run-record';
import type { CliOutput } from '../cli-io';

function score(value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(3);
}

/** One line for a skill's state, or undefined when nothing a person needs changed. */
export function describeOutcome(name: string, outcome: LibrarySkillOutcome): string {
  switch (outcome.status) {
    case 'queued':
      return `${name}  queued`;
    case 'running':
      if (outcome.step === undefined) return `${name}  training (run ${outcome.runId})${outcome.baselineScore !== undefined ? `, baseline ${score(outcome.baselineScore)}` : ''}`;
      return `${name}  epoch ${outcome.epoch} step ${outcome.step}/${outcome.totalSteps ?? '?'}  score ${score(outcome.score)}  best ${score(outcome.bestScore)}`;
    case 'finished':
      return `${name}  finished: validation ${score(outcome.baselineScore)} → ${score(outcome.bestScore)} (run ${outcome.runId})`;
    case 'skipped':
      return `${name}  skipped: ${outcome.reason}`;
    case 'failed':
      return `${name}  failed: ${outcome.message}`;
    case 'budget_stopped':
      return `${name}  stopped at the budget: ${outcome.message}`;
    case 'cancelled':
      return `${name}  cancelled${outcome.runId ? ` (run ${outcome.runId})` : ''}`;
  }
}

/** A gate's action in words. */
const actionWords: Record<string, string> = {
  accept_new_best: 'accepted (new best)',
  accept: 'accepted',
  reject: 'rejected',
  force_accept: 'accepted (gate off)',
  skip_no_edits: 'no edits proposed',
  skip_unchanged: 'edits changed nothing',
};

/** Prints a library run's progress to `output`, each distinct line once. */
export class LibraryDisplay {
  private readonly last = new Map<string, string>();

  constructor(private readonly output: CliOutput) {}

  readonly handle = (event: LibraryEvent): void => {
    if (event.type === 'library_started') {
      const pending = event.skills.filter((skill) => skill.outcome.status !== 'finished' && skill.outcome.status !== 'skipped').length;
      this.output.write(`Library run ${event.libraryRunId}${event.resumed ? ' resumed' : ''}: ${pending} of ${event.skills.length} skills to train.\n`);
      for (const skill of event.skills) if (skill.outcome.status === 'skipped' || skill.outcome.status === 'failed') this.print(skill.name, skill.outcome);
      return;
    }
    // A running skill is reported at its start; its steps come from its own gate decisions below.
    if (event.type === 'skill_changed' && (event.skill.outcome.status !== 'running' || event.skill.outcome.step === undefined)) this.print(event.skill.name, event.skill.outcome);
    if (event.type !== 'training_event') return;
    const training = event.event;
    if (training.type === 'warning') this.output.write(`${event.skillName}  warning: ${training.message}\n`);
    if (training.type === 'gate_decision') {
      this.output.write(`${event.skillName}  step ${training.step}: ${actionWords[training.action] ?? training.action}, score ${score(training.scoreBefore)} → ${score(training.scoreAfter)}, best ${score(training.bestScore)}\n`);
    }
  };

  private print(name: string, outcome: LibrarySkillOutcome): void {
    const line = describeOutcome(name, outcome);
    if (this.last.get(name) === line) return;
    this.last.set(name, line);
    this.output.write(`${line}\n`);
  }
}
