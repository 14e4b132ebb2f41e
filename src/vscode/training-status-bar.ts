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

  /** Shows the given runs' progress (the first in full, a count of the others), or hides. */
  show(runs: readonly RunProgress[]): void {
    const [first] = runs;
    if (!first) {
      this.item.hide();
      return;
    }
    const others = runs.length > 1 ? ` (+${runs.length - 1})` : '';
    const icon = first.waitingForReview ? '$(eye)' : '$(sync~spin)';
    this.item.text = `${icon} ${first.skillName}: ${first.waitingForReview ? (first.reviewingSlowUpdate ? 'review slow update' : 'review step ' + first.step) : first.shortPosition()} · ${first.scores()}${others}`;
    this.item.backgroundColor = first.waitingForReview ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: ['skillTrainer.showLog', 'skillTrainer.openScoreTrends', 'skillTrainer.stopTraining'] };
    for (const run of runs) tooltip.appendMarkdown(`**${escape(run.skillName)}** — ${escape(run.position())}  \n${escape(run.scores())}\n\n`);
    tooltip.appendMarkdown('[$(output) Show log](command:skillTrainer.showLog) · [$(graph-line) Score trends](command:skillTrainer.openScoreTrends) · [$(debug-stop) Stop](command:skillTrainer.stopTraining)');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Skill Trainer: training ${first.skillName}, ${first.position()}, ${first.scores()}` };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (character) => `\\${character}`);
}
