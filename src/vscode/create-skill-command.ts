import * as vscode from 'vscode';

/** Skill names per the Agent Skills spec: 1–64 of a-z 0-9 -, no leading, trailing or double hyphen. */
const SKILL_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_SKILL_NAME_LENGTH = 64;

/** Why a skill name is invalid, or undefined when it is valid. */
export function skillNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'Enter a name, for example commit-messages.';
  if (name.length > MAX_SKILL_NAME_LENGTH) return `At most ${MAX_SKILL_NAME_LENGTH} characters.`;
  if (!SKILL_NAME_PATTERN.test(name)) {
    return 'Use lowercase letters, digits and single hyphens, not at the start or end.';
  }
  return undefined;
}

/** The starting text of a new `SKILL.md`: frontmatter the spec requires, and a heading. */
export function newSkillText(name: string): string {
  return [
    '---',
    `name: ${name}`,
    `description: Describe what ${name} does and when an agent should use it.`,
    '---',
    `# ${name}`,
    '',
    '',
  ].join('\n');
}

/**
 * `Skill Trainer: Create Skill`: asks for a name, writes `skills/<name>/SKILL.md` in
 * the first workspace folder and opens it. Never overwrites an existing file.
 * Returns the new file's URI, or undefined when cancelled.
 */
export async function createSkill(nameArgument?: unknown): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Create Skill: open a folder first; the skill is created inside it.');
    return undefined;
  }
  const name =
    typeof nameArgument === 'string'
      ? nameArgument
      : await vscode.window.showInputBox({
          title: 'Skill Trainer: Create Skill',
          prompt: 'Name of the skill (also its folder name)',
          placeHolder: 'commit-messages',
          validateInput: skillNameProblem,
        });
  if (name === undefined) return undefined;
  const problem = skillNameProblem(name);
  if (problem) throw new Error(`Create Skill: "${name}" is not a valid skill name. ${problem}`);

  const skillUri = vscode.Uri.joinPath(folder.uri, 'skills', name, 'SKILL.md');
  if (await exists(skillUri)) {
    throw new Error(`Create Skill: ${vscode.workspace.asRelativePath(skillUri)} already exists; pick another name.`);
  }
  await vscode.workspace.fs.writeFile(skillUri, new TextEncoder().encode(newSkillText(name)));
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
