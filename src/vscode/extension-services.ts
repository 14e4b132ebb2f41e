import type * as vscode from 'vscode';
import type { TrainingRuns } from './run-events';

/**
 * What `activate()` hands every `register…(context, services)` function: the shared
 * objects of one window. Views and commands get these passed in instead of creating
 * their own, so there is one run controller and one log per window.
 */
export interface ExtensionServices {
  /** Training runs of this window: events, live states, the review hook. */
  readonly runs: TrainingRuns;
  /** The "Skill Trainer" log output channel (run events, errors; never secrets). */
  readonly log: vscode.LogOutputChannel;
}
