/**
 * The transfer checks of this workspace, newest first, kept in workspace state so the
 * Transfer page shows them again after a reload. A new check of a run replaces the
 * older one of the same run.
 */
import * as vscode from 'vscode';
import type { TransferMatrix } from './library-trends-protocol';

const STATE_KEY = 'skillTrainer.transferChecks';
/** Checks kept (each a few KB). */
const MAX_KEPT = 20;

export class TransferResults implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TransferMatrix>();
  readonly onDidAdd = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {}

  all(): TransferMatrix[] {
    const stored = this.memento.get<unknown>(STATE_KEY);
    // Workspace state written by an older version may not be a list: start afresh then.
    return Array.isArray(stored) ? (stored as TransferMatrix[]).filter((entry) => typeof entry?.runId === 'string' && Array.isArray(entry.rows)) : [];
  }

  async add(matrix: TransferMatrix): Promise<void> {
    const kept = [matrix, ...this.all().filter((entry) => entry.runId !== matrix.runId)].slice(0, MAX_KEPT);
    await this.memento.update(STATE_KEY, kept);
    this.emitter.fire(matrix);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
