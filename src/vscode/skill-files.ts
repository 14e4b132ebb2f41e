/**
 * Finding skills: every `SKILL.md` of the workspace, and those in the folders editors
 * and agents load skills from (see skill-locations.ts), the person's own included when
 * the setting asks; naming them; resolving which one a command acts on.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { skillFolders, type SkillFolder } from './skill-locations';

export const SKILL_FILE_NAME = 'SKILL.md';
/** Glob of every skill document in the workspace. */
export const SKILL_FILE_GLOB = `**/${SKILL_FILE_NAME}`;
/** Folders never searched for skills: dependencies and our own run data. */
const EXCLUDED_GLOB = '{**/node_modules/**,**/.skill-trainer/**}';
/** Upper bound on files listed, so a huge monorepo cannot stall the view. */
const MAX_SKILLS = 500;

/** The skill name of a `SKILL.md` URI: the name of the folder that holds it. */
export function skillNameOf(skillUri: vscode.Uri): string {
  const segments = skillUri.path.split('/').filter((segment) => segment.length > 0);
  return segments.length >= 2 ? segments[segments.length - 2]! : (segments[0] ?? SKILL_FILE_NAME);
}

/** The folder holding a `SKILL.md`. */
export function skillFolderOf(skillUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(skillUri, '..');
}

export function isSkillFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${SKILL_FILE_NAME}`);
}

/** `<folder>/*\/SKILL.md` of a folder, read from disk (no error when it is missing). */
export async function listSkillsIn(folder: string): Promise<vscode.Uri[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found: vscode.Uri[] = [];
  for (const name of names) {
    const file = join(folder, name, SKILL_FILE_NAME);
    if (await stat(file).then((entry) => entry.isFile(), () => false)) found.push(vscode.Uri.file(file));
  }
  return found;
}

/**
 * Every skill: the workspace's `SKILL.md` files, and `<folder>/*\/SKILL.md` of every
 * skill folder (read from disk, so a `files.exclude` that hides dot folders, or a folder
 * outside the workspace, hides nothing); the person's own with `includeUserSkills`.
 * `folders` replaces the folders found from the settings (tests). Sorted by skill name,
 * then path; each file once.
 */
export async function findSkillFiles(options: { includeUserSkills?: boolean; folders?: readonly SkillFolder[] } = {}): Promise<vscode.Uri[]> {
  const folders = options.folders ?? skillFolders({ includePersonal: options.includeUserSkills ?? false });
  const [everywhere, ...inFolders] = await Promise.all([
    vscode.workspace.findFiles(SKILL_FILE_GLOB, EXCLUDED_GLOB, MAX_SKILLS),
    ...folders.map((folder) => listSkillsIn(folder.path)),
  ]);
  const unique = new Map<string, vscode.Uri>();
  for (const uri of [...everywhere, ...inFolders.flat()]) unique.set(uri.toString(), uri);
  return [...unique.values()].sort((a, b) => skillNameOf(a).localeCompare(skillNameOf(b)) || a.path.localeCompare(b.path));
}

/** Which skills a command may act on, and what to say when there is none. */
export interface SkillChoice {
  /** Only skills this accepts are offered (the active editor's too). */
  readonly accept?: (uri: vscode.Uri) => boolean;
  /** Said when no skill qualifies. */
  readonly noneMessage?: string;
}

/**
 * The `SKILL.md` a command acts on: the clicked file (Explorer, editor title and
 * Skills view pass it), else the active editor's, else one the person picks, even when
 * there is only one, so the command always says which skill it works on. Undefined when
 * there is none or the person cancelled.
 */
export async function resolveSkillUri(argument: unknown, commandTitle: string, choice: SkillChoice = {}): Promise<vscode.Uri | undefined> {
  const given = argument instanceof vscode.Uri ? argument : uriOfTreeItem(argument);
  if (given) {
    if (isSkillFile(given)) return given;
    throw new Error(`${commandTitle} works on ${SKILL_FILE_NAME} files; ${given.fsPath} is not one.`);
  }
  const accept = choice.accept ?? (() => true);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isSkillFile(active) && accept(active)) return active;
  const skills = (await findSkillFiles()).filter(accept);
  if (skills.length === 0) {
    void vscode.window.showInformationMessage(choice.noneMessage ?? `${commandTitle}: no ${SKILL_FILE_NAME} in this workspace. Create one with "Skill Trainer: Create Skill".`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    skills.map((uri) => ({ label: skillNameOf(uri), description: vscode.workspace.asRelativePath(uri), uri })),
    { title: commandTitle, placeHolder: `Which skill? (No SKILL.md is open in the editor.)` },
  );
  return picked?.uri;
}

/** A Skills-view row passed as a command argument carries its file as `resourceUri`. */
export function uriOfTreeItem(argument: unknown): vscode.Uri | undefined {
  const resource = (argument as { skillUri?: unknown; resourceUri?: unknown } | undefined)?.skillUri ?? (argument as { resourceUri?: unknown } | undefined)?.resourceUri;
  return resource instanceof vscode.Uri ? resource : undefined;
}
