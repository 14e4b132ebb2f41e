import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { workspaceFile } from '../support/skill-trainer-extension';

describe('Create Skill', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('writes skills/<name>/SKILL.md with valid frontmatter and opens it', async () => {
    const created = await vscode.commands.executeCommand<vscode.Uri>('skillTrainer.createSkill', 'pr-review');
    assert.equal(created.toString(), workspaceFile('skills', 'pr-review', 'SKILL.md').toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(created));
    assert.match(text, /^---\nname: pr-review\ndescription: .+\n---\n/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), created.toString());
  });

  it('refuses to overwrite an existing skill', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('skillTrainer.createSkill', 'commit-messages')),
      /already exists/,
    );
  });

  it('refuses a name the Agent Skills spec does not allow', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('skillTrainer.createSkill', 'Bad--Name')),
      /not a valid skill name/,
    );
  });
});
