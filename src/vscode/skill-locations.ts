/**
 * The folders editors and agents load skills from, as Skill Trainer lists them: the
 * agent folders of each workspace folder (`.github/skills`, `.claude/skills`,
 * `.agents/skills`, also `.codex/skills` and `.gemini/skills`), the person's own
 * (`~/.copilot/skills`, `~/.claude/skills`, `~/.agents/skills`), and the folders of VS
 * Code's `chat.agentSkillsLocations` setting. That setting is a list of folders or an
 * object of folders → true/false (VS Code's default is
 * `{".github/skills": true, ".claude/skills": true, "~/.copilot/skills": true, "~/.claude/skills": true}`);
 * relative folders are resolved from each workspace folder, `~` is the home folder.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as vscode from 'vscode';

/** Agent folders inside a workspace folder. */
export const WORKSPACE_SKILL_FOLDERS = ['.github/skills', '.claude/skills', '.agents/skills', '.codex/skills', '.gemini/skills'] as const;
/** The person's own skill folders (relative to the home folder). */
export const PERSONAL_SKILL_FOLDERS = ['.copilot/skills', '.claude/skills', '.agents/skills'] as const;
/** VS Code's setting of extra skill folders. */
export const CHAT_SKILLS_SETTING = 'chat.agentSkillsLocations';

/** A folder whose subfolders hold skills (`<folder>/<skill>/SKILL.md`). */
export interface SkillFolder {
  /** Absolute file-system path. */
  readonly path: string;
  /** As a person writes it: `~/.claude/skills`, `.github/skills` (in a workspace folder), or the path. */
  readonly label: string;
  /** Outside every workspace folder (the person's own skills). */
  readonly personal: boolean;
}

/** `~` and `~/…` as the home folder. */
export function expandHome(path: string, home = homedir()): string {
  if (path === '~') return home;
  return path.startsWith('~/') || path.startsWith('~\\') ? join(home, path.slice(2)) : path;
}

/** A path in the words a person would use: under the home folder with `~`. */
export function describeFolder(path: string, home = homedir()): string {
  const inHome = relative(home, path);
  return inHome && !inHome.startsWith('..') && !isAbsolute(inHome) ? `~/${inHome.split(sep).join('/')}` : path;
}

/**
 * The folders `chat.agentSkillsLocations` names, each with whether it is switched on.
 * Both of the setting's shapes are read; anything else (a typo'd value) is ignored.
 */
export function chatSkillLocations(value: unknown = vscode.workspace.getConfiguration().get(CHAT_SKILLS_SETTING)): { folder: string; enabled: boolean }[] {
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '').map((folder) => ({ folder: folder.trim(), enabled: true }));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .filter(([folder]) => folder.trim() !== '')
      .map(([folder, enabled]) => ({ folder: folder.trim(), enabled: enabled !== false }));
  }
  return [];
}

function insideWorkspace(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const inside = relative(root, path);
    return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
  });
}

/**
 * Every folder skills are loaded from, each once: the workspace's agent folders, the
 * person's own (when `includePersonal`), and those of `chat.agentSkillsLocations`.
 * A personal folder the setting switches off (`false`) is left out.
 */
export function skillFolders(options: { includePersonal: boolean; home?: string; setting?: unknown; workspaceRoots?: readonly string[] }): SkillFolder[] {
  const home = options.home ?? homedir();
  const roots = options.workspaceRoots ?? (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const chosen = chatSkillLocations(options.setting);
  const switchedOff = new Set(chosen.filter((entry) => !entry.enabled).map((entry) => resolve(expandHome(entry.folder, home))));
  const found = new Map<string, SkillFolder>();
  const add = (path: string, label: string) => {
    const absolute = resolve(path);
    const personal = !insideWorkspace(absolute, roots);
    if (personal && (!options.includePersonal || switchedOff.has(absolute))) return;
    if (!found.has(absolute)) found.set(absolute, { path: absolute, label, personal });
  };
  for (const root of roots) for (const folder of WORKSPACE_SKILL_FOLDERS) add(join(root, folder), folder);
  for (const folder of PERSONAL_SKILL_FOLDERS) add(join(home, folder), `~/${folder}`);
  for (const { folder, enabled } of chosen) {
    if (!enabled) continue;
    const expanded = expandHome(folder, home);
    if (isAbsolute(expanded)) add(expanded, describeFolder(expanded, home));
    else for (const root of roots) add(join(root, expanded), folder);
  }
  return [...found.values()];
}
