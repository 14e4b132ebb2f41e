/**
 * `Skill Trainer: Create Skill`: asks for a name, where the skill goes (the folders
 * agents load skills from, a folder that already holds skills, a workspace folder, or
 * one chosen by hand) and its description, then writes `<folder>/<name>/SKILL.md` and
 * opens it. Never overwrites an existing file. A description left empty is written as a
 * placeholder the Problems panel flags until it is replaced.
 */
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { newSkillText, skillLimits } from '../core/skill';
import { findSkillFiles } from './skill-files';
import { describeFolder, skillFolders } from './skill-locations';

const TITLE = 'Skill Trainer: Create Skill';

/** Skill names per the Agent Skills spec: 1–64 of a-z 0-9 -, no leading, trailing or double hyphen. */
const SKILL_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Why a skill name is invalid, or undefined when it is valid. */
export function skillNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'Enter a name, for example commit-messages.';
  if (name.length > skillLimits.nameLength) return `At most ${skillLimits.nameLength} characters.`;
  if (!SKILL_NAME_PATTERN.test(name)) {
    return 'Use lowercase letters, digits and single hyphens, not at the start or end.';
  }
  return undefined;
}

/** Why a description cannot be used, or undefined (empty is allowed: a placeholder is written). */
export function descriptionProblem(description: string): string | undefined {
  const length = [...description.trim()].length;
  return length > skillLimits.descriptionLength ? `${length} characters; the limit is ${skillLimits.descriptionLength}.` : undefined;
}

/** Automation (tests, other extensions) may answer the questions up front. */
export interface CreateSkillOptions {
  /** The folder the skill's folder goes in (absolute path). */
  readonly folder?: string;
  /** The description; empty or absent writes the placeholder. */
  readonly description?: string;
}

/** A place a new skill can go. */
interface LocationChoice extends vscode.QuickPickItem {
  readonly folder?: string;
}

/**
 * Where a new skill can go, most likely first: folders that already hold skills, the
 * agent folders of each workspace folder, each workspace folder itself, the person's
 * own folders (every workspace sees those), then "Choose a Folder…".
 */
async function locationChoices(name: string): Promise<LocationChoice[]> {
  const roots = vscode.workspace.workspaceFolders ?? [];
  const multiRoot = roots.length > 1;
  const inWorkspace = (path: string) => {
    const folder = roots.find((root) => path === root.uri.fsPath || path.startsWith(`${root.uri.fsPath}/`) || path.startsWith(`${root.uri.fsPath}\\`));
    if (!folder) return describeFolder(path);
    const relative = path.slice(folder.uri.fsPath.length + 1);
    const inFolder = relative === '' ? 'the workspace folder' : relative.replace(/\\/g, '/');
    return multiRoot ? `${folder.name}: ${inFolder}` : inFolder;
  };
  const counts = new Map<string, number>();
  for (const uri of await findSkillFiles({ includeUserSkills: true })) {
    const holder = dirname(dirname(uri.fsPath));
    counts.set(holder, (counts.get(holder) ?? 0) + 1);
  }
  const choices = new Map<string, LocationChoice>();
  const add = (folder: string, label: string, description: string) => {
    if (!choices.has(folder)) choices.set(folder, { label, description, detail: join(folder, name, 'SKILL.md'), folder });
  };
  for (const [folder, count] of [...counts.entries()].sort((a, b) => b[1] - a[1])) {
    add(folder, inWorkspace(folder), `holds ${count} skill${count === 1 ? '' : 's'}`);
  }
  const agents: Record<string, string> = {
    '.github/skills': 'GitHub Copilot loads skills from here',
    '.copilot/skills': 'GitHub Copilot loads skills from here',
    '.claude/skills': 'Claude Code loads skills from here',
    '.agents/skills': 'Codex and other agents load skills from here',
    '.codex/skills': 'Codex loads skills from here',
    '.gemini/skills': 'Gemini CLI loads skills from here',
  };
  for (const folder of skillFolders({ includePersonal: true })) {
    const why = agents[folder.label.replace(/^~\//, '')] ?? 'listed in chat.agentSkillsLocations';
    add(folder.path, folder.personal ? folder.label : inWorkspace(folder.path), folder.personal ? `your own skills, in every workspace · ${why}` : why);
  }
  for (const root of roots) add(root.uri.fsPath, multiRoot ? root.name : 'the workspace folder', 'directly in the workspace folder');
  return [
    ...choices.values(),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(folder-opened) Choose a Folder…', description: 'any folder' },
  ];
}

async function askLocation(name: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(locationChoices(name), {
    title: TITLE,
    placeHolder: `Where should ${name} go? Agents load skills from the folders they know.`,
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.folder) return picked.folder;
  const [chosen] =
    (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Create the Skill Here', title: TITLE })) ?? [];
  return chosen?.fsPath;
}

/**
 * Asks what is not given, writes `<folder>/<name>/SKILL.md` and opens it. Returns the
 * new file's URI, or undefined when cancelled.
 */
export async function createSkill(nameArgument?: unknown, options: CreateSkillOptions = {}): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.workspaceFolders?.length && options.folder === undefined) {
    void vscode.window.showErrorMessage('Create Skill: open a folder first; the skill is created inside it.');
    return undefined;
  }
  const name =
    typeof nameArgument === 'string'
      ? nameArgument
      : await vscode.window.showInputBox({ title: TITLE, prompt: 'Name of the skill (also its folder name)', placeHolder: 'commit-messages', validateInput: skillNameProblem });
  if (name === undefined) return undefined;
  const problem = skillNameProblem(name);
  if (problem) throw new Error(`Create Skill: "${name}" is not a valid skill name. ${problem}`);

  const folder = options.folder ?? (await askLocation(name));
  if (folder === undefined) return undefined;
  const skillUri = vscode.Uri.file(join(folder, name, 'SKILL.md'));
  if (await exists(skillUri)) {
    throw new Error(`Create Skill: ${describeFolder(skillUri.fsPath)} already exists; pick another name or folder.`);
  }
  const description =
    options.description ??
    (await vscode.window.showInputBox({
      title: TITLE,
      prompt: `What ${name} does and when an agent should use it (agents choose skills by this). Leave it empty to write it later: the Problems panel reminds you.`,
      placeHolder: 'Writes release notes from merged pull requests. Use when asked to draft or polish release notes.',
      validateInput: descriptionProblem,
    }));
  if (description === undefined) return undefined;
  await vscode.workspace.fs.writeFile(skillUri, new TextEncoder().encode(newSkillText(name, description.trim() === '' ? undefined : description)));
  await vscode.window.showTextDocument(skillUri);
  return skillUri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
