/**
 * Editor diagnostics for skills: `validateSkill` problems on SKILL.md and eval-task
 * file problems on evals.json, at the lines the core reports. Open documents are
 * checked as typed (debounced) from their buffer; other skills' files from disk, so
 * the Problems panel lists every skill's problems.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { validateSkill, type SkillProblem } from '../core/skill';
import { checkEvalsText, findTaskFile, readTaskFile, type TaskFileProblem } from '../core/tasks';
import { isSkillFile } from './skill-files';

/** Typing pause before an open document is checked again (ms). */
const CHECK_DELAY_MS = 300;
/** `Diagnostic.source` of every problem this file reports (quick fixes key on it). */
export const DIAGNOSTIC_SOURCE = 'Skill Trainer';

/** A person's file: on disk, not a run's record (checkpoints and trained skills are named after their run, not their skill). */
function isWorkingFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && !/\/\.skill-trainer\//.test(uri.path);
}

function isEvalsFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && /\/evals\/evals\.json$/.test(uri.path);
}

function isPromptfooFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && /\/promptfooconfig\.(ya?ml|json)$/i.test(uri.path);
}

/** A diagnostic over a 1-based line (from a column when known), clamped to the text. */
function lineDiagnostic(text: string, line: number | undefined, column: number | undefined, message: string, severity: 'error' | 'warning'): vscode.Diagnostic {
  const lines = text.split(/\r?\n/);
  const index = Math.min(Math.max(0, (line ?? 1) - 1), Math.max(0, lines.length - 1));
  const lineText = lines[index] ?? '';
  const start = column === undefined ? lineText.length - lineText.trimStart().length : Math.min(Math.max(0, column - 1), lineText.length);
  const end = Math.max(start + 1, lineText.trimEnd().length);
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(index, start, index, end),
    message,
    severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}

/** The diagnostics of a SKILL.md text. */
export function skillDiagnostics(skillUri: vscode.Uri, text: string): vscode.Diagnostic[] {
  const folderName = basename(dirname(skillUri.fsPath));
  return validateSkill(text, { folderName }).map((problem: SkillProblem) => lineDiagnostic(text, problem.line, undefined, problem.message, problem.severity));
}

/** The diagnostics of an evals.json text. */
export function evalsDiagnostics(evalsUri: vscode.Uri, text: string): vscode.Diagnostic[] {
  const file = evalsUri.fsPath;
  const result = checkEvalsText(text, file, { skillDir: dirname(dirname(file)) });
  return result.problems.map((problem: TaskFileProblem) =>
    lineDiagnostic(text, problem.line, problem.column, problem.path ? `${problem.path} ${problem.message}` : problem.message, problem.severity),
  );
}

/** Reads a saved file's text; undefined when it is gone. */
export type ReadSavedText = (path: string) => Promise<string | undefined>;

/** Keeps the diagnostics of every skill's files current. */
export class SkillDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('skillTrainer');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * The latest check of each file, by number. A disk read that finishes after a newer
   * check (the file opened or typed in meanwhile) is dropped: saved text must never
   * replace what the buffer's check found, or a fixed problem comes back until the
   * next keystroke.
   */
  private readonly latestCheck = new Map<string, number>();
  private checkCount = 0;
  private readonly disposables: vscode.Disposable[];
  /** Any deletion: removing a folder reports only the folder, not the files in it. */
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);

  constructor(private readonly readSavedText: ReadSavedText = (path) => readFile(path, 'utf8').catch(() => undefined)) {
    this.disposables = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => this.checkDocument(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidSaveTextDocument((document) => this.checkDocument(document)),
      // A closed document's saved text is what counts again.
      vscode.workspace.onDidCloseTextDocument((document) => void this.checkFile(document.uri)),
      vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.forget(uri))),
      this.watcher,
      this.watcher.onDidDelete((uri) => this.forget(uri)),
    ];
    for (const document of vscode.workspace.textDocuments) this.checkDocument(document);
  }

  /** The diagnostics currently shown for a file. */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /** Checks these skills' SKILL.md and task files from disk (open documents from their buffers). */
  async checkSkills(skillUris: readonly vscode.Uri[]): Promise<void> {
    await Promise.all(
      skillUris.map(async (skillUri) => {
        await this.checkFile(skillUri);
        const taskFile = findTaskFile(dirname(skillUri.fsPath));
        if (taskFile) await this.checkFile(vscode.Uri.file(taskFile));
      }),
    );
  }

  /** Drops the diagnostics of a deleted file, or of every file under a deleted folder. */
  private forget(deleted: vscode.Uri): void {
    const prefix = `${deleted.toString()}/`;
    const gone: vscode.Uri[] = [];
    this.collection.forEach((uri) => {
      if (uri.toString() === deleted.toString() || uri.toString().startsWith(prefix)) gone.push(uri);
    });
    for (const uri of gone) {
      this.collection.delete(uri);
      this.latestCheck.delete(uri.toString());
    }
  }

  /** Starts a check of `uri`; the number says whether it is still the latest when it ends. */
  private startCheck(uri: vscode.Uri): number {
    this.latestCheck.set(uri.toString(), ++this.checkCount);
    return this.checkCount;
  }

  private isLatestCheck(uri: vscode.Uri, check: number): boolean {
    return this.latestCheck.get(uri.toString()) === check;
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString() && !document.isClosed);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!this.handles(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.checkDocument(document);
      }, CHECK_DELAY_MS),
    );
  }

  private handles(uri: vscode.Uri): boolean {
    return isWorkingFile(uri) && (isSkillFile(uri) || isEvalsFile(uri) || isPromptfooFile(uri));
  }

  private checkDocument(document: vscode.TextDocument): void {
    const { uri } = document;
    if (document.isClosed || !this.handles(uri)) return;
    if (!isPromptfooFile(uri)) this.startCheck(uri);
    if (isSkillFile(uri)) this.collection.set(uri, skillDiagnostics(uri, document.getText()));
    else if (isEvalsFile(uri)) this.collection.set(uri, evalsDiagnostics(uri, document.getText()));
    else if (isPromptfooFile(uri)) void this.checkFile(uri);
  }

  /** Checks a file as saved, unless it is open (then its buffer counts). */
  private async checkFile(uri: vscode.Uri): Promise<void> {
    if (!this.handles(uri)) return;
    const open = this.openDocument(uri);
    if (open && !isPromptfooFile(uri)) {
      this.checkDocument(open);
      return;
    }
    const check = this.startCheck(uri);
    const text = await this.readSavedText(uri.fsPath);
    if (!this.isLatestCheck(uri, check)) return;
    // Opened while the saved text was read: its buffer counts.
    const openedSince = isPromptfooFile(uri) ? undefined : this.openDocument(uri);
    if (openedSince) {
      this.checkDocument(openedSince);
      return;
    }
    if (text === undefined) {
      this.collection.delete(uri);
      return;
    }
    if (isSkillFile(uri)) this.collection.set(uri, skillDiagnostics(uri, text));
    else if (isEvalsFile(uri)) this.collection.set(uri, evalsDiagnostics(uri, text));
    else if (isPromptfooFile(uri)) {
      const result = await readTaskFile(uri.fsPath, { skillDir: dirname(uri.fsPath).replace(/\/evals$/, ''), runCode: vscode.workspace.isTrusted });
      if (!this.isLatestCheck(uri, check)) return;
      this.collection.set(uri, result.problems.map((problem) => lineDiagnostic(text, problem.line, problem.column, problem.path ? `${problem.path} ${problem.message}` : problem.message, problem.severity)));
    }
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
