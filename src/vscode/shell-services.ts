import type * as vscode from 'vscode';
import type { ApiKeyStore } from './api-keys';
import type { LanguageModelCatalog } from './language-model-catalog';
import type { ModelChoiceMemory } from './model-choice-memory';
import type { RunController } from './run-controller';

/** What the Optimize, Evaluate, Stop and Resume commands work with. */
export interface ShellServices {
  readonly apiKeys: ApiKeyStore;
  readonly catalog: LanguageModelCatalog;
  readonly runs: RunController;
  readonly log: vscode.LogOutputChannel;
  /** The models picked for this workspace when no setting names one. */
  readonly modelChoice: ModelChoiceMemory;
}
