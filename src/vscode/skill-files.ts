/**
 * Finding skills: every `SKILL.md` of the workspace (agent folders such as
 * `.claude/skills` included) and, when the setting asks, the person's own
 * `~/.claude/skills`; naming them; resolving which one a command acts on.
 */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const SKILL_FILE_NAME = 'SKILL.md';
/** Glob of every skill document in the workspace. */
export const SKILL_FILE_GLOB = `**/${SKILL_FILE_NAME}`;
/**
 * The agent folders skills are installed in. Searched explicitly as well, so a
 * `files.exclude` or search setting that hides dot folders cannot hide these skills.
 */
export const AGENT_SKILL_FOLDERS = ['.claude/skills', '.agents/skills', '.codex/skills', '.gemini/skills'] as const;
const AGENT_SKILLS_GLOB = `{${AGENT_SKILL_FOLDERS.join(',')}}/*/${SKILL_FILE_NAME}`;
/** Folders never searched for skills: dependencies and our own run data. */
const EXCLUDED_GLOB = '{**/node_modules/**,**/.skill-trainer/**}';
/** Upper bound on files listed, so a huge monorepo cannot stall the view. */
const MAX_SKILLS = 500;

/** The person's own Claude Code skills folder. */
export function userSkillsFolder(): string {
  return join(homedir(), '.claude', 'skills');
}

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

/** `<folder>/*\/SKILL.md` of a folder outside the workspace (no error when it is missing). */
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
 * Every skill: the workspace's `SKILL.md` files (agent folders included) and, with
 * `includeUserSkills`, those in `userFolder` (default `~/.claude/skills`). Sorted by
 * skill name, then path; each file once.
 */
export async function findSkillFiles(options: { includeUserSkills?: boolean; userFolder?: string } = {}): Promise<vscode.Uri[]> {
  const [everywhere, agentFolders, personal] = await Promise.all([
    vscode.workspace.findFiles(SKILL_FILE_GLOB, EXCLUDED_GLOB, MAX_SKILLS),
    vscode.workspace.findFiles(AGENT_SKILLS_GLOB, null, MAX_SKILLS),
    options.includeUserSkills ? listSkillsIn(options.userFolder ?? userSkillsFolder()) : Promise.resolve([]),
  ]);
  const unique = new Map<string, vscode.Uri>();
  for (const uri of [...everywhere, ...agentFolders, ...personal]) unique.set(uri.toString(), uri);
  return [...unique.values()].sort((a, b) => skillNameOf(a).localeCompare(skillNameOf(b)) || a.path.localeCompare(b.path));
}

/**
 * The `SKILL.md` a command acts on: the clicked file (Explorer, editor title and
 * Skills view pass it), else the active editor's, else the only skill, else one the
 * person picks. Undefined when there is none or the person cancelled.
 */
export async function resolveSkillUri(argument: unknown, commandTitle: string): Promise<vscode.Uri | undefined> {
  const given = argument instanceof vscode.Uri ? argument : uriOfTreeItem(argument);
  if (given) {
    if (isSkillFile(given)) return given;
    throw new Error(`${commandTitle} works on ${SKILL_FILE_NAME} files; ${given.fsPath} is not one.`);
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isSkillFile(active)) return active;
  const skills = await findSkillFiles();
  if (skills.length === 1) return skills[0];
  if (skills.length === 0) {
    void vscode.window.showInformationMessage(`${commandTitle}: no ${SKILL_FILE_NAME} in this workspace. Create one with "Skill Trainer: Create Skill".`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    skills.map((uri) => ({ label: skillNameOf(uri), description: vscode.workspace.asRelativePath(uri), uri })),
    { title: commandTitle, placeHolder: 'Which skill?' },
  );
  return picked?.uri;
}

/** A Skills-view row passed as a command argument carries its file as `resourceUri`. */
export function uriOfTreeItem(argument: unknown): vscode.Uri | undefined {
  const resource = (argument as { skillUri?: unknown; resourceUri?: unknown } | undefined)?.skillUri ?? (argument as { resourceUri?: unknown } | undefined)?.resourceUri;
  return resource instanceof vscode.Uri ? resource : undefined;
}
