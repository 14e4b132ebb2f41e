/**
 * Tells the Skills view when what it shows may have changed on disk: a SKILL.md, its
 * eval tasks (evals/ and promptfoo suites, created by Create Eval Tasks or by hand), or
 * the run store's index, in the workspace and in the skill folders outside it (the
 * person's own, `chat.agentSkillsLocations`). The outside watchers follow the settings.
 */
import * as vscode from 'vscode';
import { CHAT_SKILLS_SETTING, skillFolders } from './skill-locations';

/** What a skill's row is read from, relative to a folder that holds skill folders (or the workspace, with `**\/`). */
const SKILL_FILE_GLOBS = ['SKILL.md', 'evals/**', 'promptfooconfig.{yaml,yml,json}'];
/** The run stores of the workspace folders: their index changes when a run starts, scores or ends (a CLI run too). */
const RUN_STORE_GLOB = '**/.skill-trainer/db.json';

function watch(pattern: vscode.GlobPattern, onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(pattern);
  return vscode.Disposable.from(watcher, watcher.onDidCreate(onChange), watcher.onDidChange(onChange), watcher.onDidDelete(onChange));
}

/**
 * One set of watchers for the window, shared by the Skills view and the Test Explorer:
 * `onDidChange` fires (not debounced) whenever a watched file is created, changed or
 * deleted, and when the folders or settings that decide what is watched change.
 */
export class SkillFileWatcher implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly fixed: vscode.Disposable[];
  private outside: vscode.Disposable[] = [];
  private readonly listeners: vscode.Disposable[];
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly includePersonal: () => boolean) {
    const fire = () => this.changeEmitter.fire();
    this.fixed = [...SKILL_FILE_GLOBS.map((glob) => watch(`**/${glob}`, fire)), watch(RUN_STORE_GLOB, fire)];
    this.watchOutside();
    this.listeners = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(CHAT_SKILLS_SETTING) || event.affectsConfiguration('skillTrainer.includeUserSkills')) {
          this.watchOutside();
          fire();
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watchOutside();
        fire();
      }),
    ];
  }

  dispose(): void {
    [...this.fixed, ...this.outside, ...this.listeners, this.changeEmitter].forEach((disposable) => disposable.dispose());
  }

  private watchOutside(): void {
    this.outside.forEach((disposable) => disposable.dispose());
    const fire = () => this.changeEmitter.fire();
    this.outside = skillFolders({ includePersonal: this.includePersonal() })
      .filter((folder) => folder.personal)
      .flatMap((folder) => SKILL_FILE_GLOBS.map((glob) => watch(new vscode.RelativePattern(vscode.Uri.file(folder.path), `*/${glob}`), fire)));
  }
}
