import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CheckpointRow } from '../../../src/vscode/history/checkpoint-rows';
import type { ScoreTrendsSnapshot } from '../../../src/vscode/history/score-trends-panel';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import { exampleSkillUri, setUserSettings } from './shell-helpers';
import { waitFor } from './skill-trainer-extension';

/**
 * Trains the example skill in the simulated world (`sim:demo`, SkillOpt's defaults:
 * 4 epochs of one step) through Optimize Skill, as a person would; returns the run id.
 * The working SKILL.md stays as it was (Optimize never writes it).
 */
export async function trainExampleSkill(settings: Record<string, unknown> = {}): Promise<string> {
  // Seed 5: a demo run with both a new best and a gate rejection, which the views must show.
  const restore = await setUserSettings({ target: 'sim:demo', seed: 5, ...settings });
  try {
    const outcome = await vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', exampleSkillUri());
    assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'finished');
    return outcome.runId;
  } finally {
    await restore();
  }
}

/** The Checkpoints view's rows, read through its TreeDataProvider. */
export function checkpointRows(): Thenable<CheckpointRow[]> {
  return vscode.commands.executeCommand<CheckpointRow[]>('skillTrainer.checkpoints.rows');
}

/** Waits until the Checkpoints view's rows satisfy `condition`; returns them. */
export async function waitForRows(description: string, condition: (rows: CheckpointRow[]) => boolean, timeoutMs = 15_000): Promise<CheckpointRow[]> {
  let rows: CheckpointRow[] = [];
  await waitFor(description, async () => condition((rows = await checkpointRows())), timeoutMs, 100);
  return rows;
}

export function scoreTrendsSnapshot(): Thenable<ScoreTrendsSnapshot> {
  return vscode.commands.executeCommand<ScoreTrendsSnapshot>('skillTrainer.scoreTrends.snapshot');
}

/** Waits until the Score Trends panel's state satisfies `condition` (the webview reports each drawing). */
export async function waitForTrends(description: string, condition: (snapshot: ScoreTrendsSnapshot) => boolean, timeoutMs = 20_000): Promise<ScoreTrendsSnapshot> {
  let snapshot: ScoreTrendsSnapshot | undefined;
  await waitFor(description, async () => condition((snapshot = await scoreTrendsSnapshot())), timeoutMs, 100);
  return snapshot!;
}

/** Every diff tab open in the window, with its two sides. */
export function diffTabs(): { tab: vscode.Tab; input: vscode.TabInputTextDiff }[] {
  return vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.filter((tab) => tab.input instanceof vscode.TabInputTextDiff).map((tab) => ({ tab, input: tab.input as vscode.TabInputTextDiff })),
  );
}

/** Runs a row's click command as the view would (its URI arguments were turned into strings). */
export async function clickRow(row: CheckpointRow): Promise<void> {
  assert.ok(row.command, `row "${row.label}" has no click command`);
  const args = row.command.arguments.map((argument) => (typeof argument === 'string' && /^(skill-trainer-checkpoint|file):\//.test(argument) ? vscode.Uri.parse(argument) : argument));
  await vscode.commands.executeCommand(row.command.id, ...args);
}
