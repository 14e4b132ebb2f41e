/**
 * The transfer checks of this window's workspace folders, newest first, for the
 * Transfer page. They live in the run store beside the run they checked (the CLI's
 * `skill-trainer transfer` writes there too); checks an older version kept in
 * workspace state are still shown until a new check of their run replaces them.
 */
import * as vscode from 'vscode';
import { listTransferChecks, saveTransferCheck, type TransferCheckRecord } from '../../core/library/transfer-checks-file';
import { workspaceRoots } from '../run-store-location';
import { transferMatrix } from './library-trends-data';
import type { TransferMatrix } from './library-trends-protocol';

const LEGACY_STATE_KEY = 'skillTrainer.transferChecks';

export class TransferResults implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TransferMatrix>();
  readonly onDidAdd = this.emitter.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  /** Every check, newest first; a damaged file is named in the log and left out. */
  async all(): Promise<TransferMatrix[]> {
    const stored = (await Promise.all(workspaceRoots().map((root) => listTransferChecks(root, (message) => this.log?.warn(message))))).flat().map(matrixOf);
    const kept = new Set(stored.map((matrix) => matrix.runId));
    return [...stored, ...this.legacy().filter((matrix) => !kept.has(matrix.runId))].sort((a, b) => b.checkedAt.localeCompare(a.checkedAt));
  }

  /** Saves a check in the run store of `workspaceRoot` (replacing an older check of the run). */
  async add(workspaceRoot: string, record: TransferCheckRecord): Promise<TransferMatrix> {
    await saveTransferCheck(workspaceRoot, record);
    const matrix = matrixOf(record);
    this.emitter.fire(matrix);
    return matrix;
  }

  private legacy(): TransferMatrix[] {
    const stored = this.memento.get<unknown>(LEGACY_STATE_KEY);
    return Array.isArray(stored) ? (stored as TransferMatrix[]).filter((entry) => typeof entry?.runId === 'string' && Array.isArray(entry.rows)) : [];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function matrixOf(record: TransferCheckRecord): TransferMatrix {
  return transferMatrix(record, { skillPath: record.skillPath, judge: record.judge, checkedAt: record.checkedAt });
}
