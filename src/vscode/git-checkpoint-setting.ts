/**
 * `skillTrainer.git.checkpoints` in VS Code: the core's git checkpoint sync for a run,
 * writing what it did to the Skill Trainer log (as `--git` writes to the terminal).
 */
import type * as vscode from 'vscode';
import { GitCheckpointSync } from '../core/library/git-checkpoint-sync';
import { readSettings } from './settings';

/** A sync when the setting is on for `scope`, else undefined. */
export function gitCheckpointSyncFor(scope: vscode.Uri, workspaceRoot: string, log: vscode.LogOutputChannel): GitCheckpointSync | undefined {
  let enabled = false;
  try {
    enabled = readSettings(scope)['git.checkpoints'];
  } catch {
    // Invalid settings are reported when the run reads them; no commits meanwhile.
  }
  if (!enabled) return undefined;
  return new GitCheckpointSync({ write: (text) => log.info(text.trimEnd()) }, workspaceRoot, 'skillTrainer.git.checkpoints');
}
