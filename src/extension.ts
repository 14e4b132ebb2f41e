import type * as vscode from 'vscode';
import { registerEvalTools } from './vscode/evals/register-eval-tools';
import type { SkillTrainerApi } from './vscode/extension-api';
import { registerHistory } from './vscode/history/register-history';
import { TransferResults } from './vscode/history/transfer-results';
import { registerLibrary } from './vscode/library/register-library';
import { registerShell } from './vscode/register-shell';
import { registerInlineReview } from './vscode/review/register-inline-review';

/**
 * Registers everything the extension contributes; does no work until asked. Each
 * part registers itself with the shared services: `register…(context, services)`.
 */
export function activate(context: vscode.ExtensionContext): SkillTrainerApi {
  const shell = registerShell(context);
  registerInlineReview(context, shell.services);
  const transfers = new TransferResults(context.workspaceState, shell.services.log);
  context.subscriptions.push(transfers);
  registerHistory(context, shell.services, transfers);
  registerLibrary(context, shell.services, transfers);
  registerEvalTools(context, shell.services);
  return shell.api;
}

export function deactivate(): void {}
