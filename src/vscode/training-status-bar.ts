import * as vscode from 'vscode';
import type { RunProgress } from './run-progress';

/**
 * One status-bar item for the runs of this window: epoch/step, current and best
 * validation score and cost of the run shown; a click shows the training log, the
 * tooltip links to the score trends. Hidden while nothing trains.
 */
export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('skillTrainer.training', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Skill Trainer';
    this.item.command = 'skillTrainer.showLog';
  }

  /** What the item says now (empty while hidden); for tests and the log. */
  get text(): string {
    return this.item.text;
  }

  /** Shows the given runs' progress (the first in full, a count of the others), or hides. */
  show(runs: readonly RunProgress[]): void {
    const [first] = runs;
    if (!first) {
      this.item.hide();
      return;
    }
    const others = runs.length > 1 ? ` (+${runs.length - 1})` : '';
    const icon = first.waitingForReview ? '$(eye)' : '$(sync~spin)';
    const waiting = runs.filter((run) => run.waitingForReview).length;
    // Several skills at once (a library run): how many wait for the person comes first.
    this.item.text =
      runs.length > 1 && waiting > 0
        ? `$(eye) ${reviewCount(waiting)} · ${runs.length - waiting} training`
        : `${icon} ${first.skillName}: ${first.waitingForReview ? (first.reviewingSlowUpdate ? 'review slow update' : 'review step ' + first.step) : first.shortPosition()} · ${first.scores()}${others}`;
    this.item.backgroundColor = waiting > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: ['skillTrainer.showLog', 'skillTrainer.openScoreTrends', 'skillTrainer.stopTraining'] };
    for (const run of runs) tooltip.appendMarkdown(`**${escape(run.skillName)}** — ${escape(run.waitingForReview ? 'waits for your review' : run.position())}  \n${escape(run.scores())}\n\n`);
    tooltip.appendMarkdown('[$(output) Show log](command:skillTrainer.showLog) · [$(graph-line) Score trends](command:skillTrainer.openScoreTrends) · [$(debug-stop) Stop](command:skillTrainer.stopTraining)');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: runs.length > 1 && waiting > 0 ? `Skill Trainer: ${reviewCount(waiting)}, ${runs.length - waiting} training` : `Skill Trainer: training ${first.skillName}, ${first.position()}, ${first.scores()}`,
    };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** "1 skill waits for review", "3 skills wait for review". */
export function reviewCount(waiting: number): string {
  return waiting === 1 ? '1 skill waits for review' : `${waiting} skills wait for review`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (character) => `\\${character}`);
}
