import * as vscode from 'vscode';

/** Glob of every skill document in the workspace, dot folders (.claude/skills, …) included. */
export const SKILL_FILE_GLOB = '**/SKILL.md';
/** Folders never searched for skills: dependencies and our own run data. */
const EXCLUDED_GLOB = '{**/node_modules/**,**/.skill-trainer/**}';
/** Upper bound on files listed, so a huge monorepo cannot stall the view. */
const MAX_SKILLS = 500;

/** One row of the Skills view: a `SKILL.md` file, named after its folder. */
export class SkillTreeItem extends vscode.TreeItem {
  constructor(
    /** The skill's name: the folder holding `SKILL.md`, as the Agent Skills spec requires. */
    readonly skillName: string,
    /** The `SKILL.md` file itself. */
    readonly skillUri: vscode.Uri,
  ) {
    super(skillName, vscode.TreeItemCollapsibleState.None);
    this.resourceUri = skillUri;
    // The folder holding the skill, relative to the workspace: tells apart skills with
    // the same name in different places (skills/, .claude/skills/, …).
    const folderPath = vscode.workspace.asRelativePath(vscode.Uri.joinPath(skillUri, '..'), false);
    this.description = folderPath;
    this.tooltip = skillUri.fsPath;
    // Without this, screen readers announce the full file path instead of the name.
    this.accessibilityInformation = { label: `${skillName} skill, in ${folderPath}`, role: 'treeitem' };
    this.contextValue = 'skill';
    this.iconPath = new vscode.ThemeIcon('book');
    this.command = { command: 'vscode.open', title: 'Open Skill', arguments: [skillUri] };
  }
}

/** The skill name of a `SKILL.md` URI: the name of the folder that holds it. */
export function skillNameOf(skillUri: vscode.Uri): string {
  const segments = skillUri.path.split('/').filter((segment) => segment.length > 0);
  return segments.length >= 2 ? segments[segments.length - 2] : segments[0] ?? 'SKILL.md';
}

/**
 * Lists every `SKILL.md` in the workspace for the Skills view. The list is searched
 * again on `refresh()` and whenever a `SKILL.md` is created or deleted.
 */
export class SkillsTreeProvider implements vscode.TreeDataProvider<SkillTreeItem>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<SkillTreeItem | undefined>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(SKILL_FILE_GLOB, true, true, false);
  private readonly disposables: vscode.Disposable[];

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor() {
    this.disposables = [
      this.changeEmitter,
      this.watcher,
      this.watcher.onDidCreate(() => this.refresh()),
      this.watcher.onDidDelete(() => this.refresh()),
    ];
  }

  /** Asks the view to list the skills again. */
  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(item: SkillTreeItem): vscode.TreeItem {
    return item;
  }

  async getChildren(parent?: SkillTreeItem): Promise<SkillTreeItem[]> {
    if (parent) return [];
    return (await findSkillFiles()).map((uri) => new SkillTreeItem(skillNameOf(uri), uri));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Every `SKILL.md` in the workspace, sorted by skill name then path. */
export async function findSkillFiles(): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(SKILL_FILE_GLOB, EXCLUDED_GLOB, MAX_SKILLS);
  return uris.sort(
    (a, b) => skillNameOf(a).localeCompare(skillNameOf(b)) || a.path.localeCompare(b.path),
  );
}
