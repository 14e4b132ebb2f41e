import * as vscode from 'vscode';
import { readSettings } from './settings';
import { findSkillFiles, skillNameOf } from './skills-tree-provider';

/** What `Optimize Skill` resolved: which skill to train, and with which target model. */
export interface OptimizeRequest {
  readonly skillUri: vscode.Uri;
  readonly skillName: string;
  /** The `skillTrainer.target` model spec; empty when the setting is not set. */
  readonly target: string;
}

/** Why Optimize Skill stopped before training, as a person sees it. */
export type OptimizeOutcome =
  | { readonly kind: 'no-skill' }
  | { readonly kind: 'needs-target'; readonly request: OptimizeRequest }
  | { readonly kind: 'no-training-runner'; readonly request: OptimizeRequest };

const SKILL_FILE_NAME = 'SKILL.md';

/**
 * `Skill Trainer: Optimize Skill`. The skill is the clicked file (Explorer or editor
 * title pass its URI), else the active editor's `SKILL.md`, else the only skill in
 * the workspace, else one the person picks. The command then checks the settings
 * training needs and tells the person what is missing.
 */
export async function optimizeSkill(argument?: unknown): Promise<OptimizeOutcome> {
  const skillUri = await resolveSkillUri(argument);
  if (!skillUri) return { kind: 'no-skill' };
  const request: OptimizeRequest = {
    skillUri,
    skillName: skillNameOf(skillUri),
    target: readSettings(skillUri).target,
  };
  if (request.target === '') {
    void vscode.window
      .showWarningMessage(
        `Optimize Skill needs training models: set skillTrainer.target (for example anthropic:claude-sonnet-4-5) to train "${request.skillName}".`,
        'Open Settings',
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'skillTrainer.target');
      });
    return { kind: 'needs-target', request };
  }
  // The training loop lives in src/core/training; it is wired to this command by the
  // extension UI work (issue 6). Until then the person is told plainly.
  void vscode.window.showWarningMessage(
    `Optimize Skill: this build of Skill Trainer cannot run training yet, so "${request.skillName}" was not changed.`,
  );
  return { kind: 'no-training-runner', request };
}

/** The `SKILL.md` the command should act on, or undefined when there is none. */
export async function resolveSkillUri(argument?: unknown): Promise<vscode.Uri | undefined> {
  if (argument instanceof vscode.Uri) return requireSkillFile(argument);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isSkillFile(active)) return active;
  const skills = await findSkillFiles();
  if (skills.length === 1) return skills[0];
  if (skills.length === 0) {
    void vscode.window.showInformationMessage(
      'Optimize Skill: no SKILL.md in this workspace. Create one with "Skill Trainer: Create Skill".',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    skills.map((uri) => ({ label: skillNameOf(uri), description: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Optimize Skill', placeHolder: 'Which skill should be trained?' },
  );
  return picked?.uri;
}

function isSkillFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${SKILL_FILE_NAME}`);
}

function requireSkillFile(uri: vscode.Uri): vscode.Uri {
  if (isSkillFile(uri)) return uri;
  throw new Error(`Optimize Skill works on ${SKILL_FILE_NAME} files; ${uri.fsPath} is not one.`);
}
