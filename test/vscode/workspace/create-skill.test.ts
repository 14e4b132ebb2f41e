import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { discardAllEditors, skillRow } from '../support/shell-helpers';
import { waitFor, workspaceFile } from '../support/skill-trainer-extension';

describe('Create Skill', () => {
  afterEach(async () => {
    await discardAllEditors();
  });

  it('writes <folder>/<name>/SKILL.md with the name and description given, and opens it', async () => {
    const created = await vscode.commands.executeCommand<vscode.Uri>('skillTrainer.createSkill', 'pr-review', {
      folder: workspaceFile('.github', 'skills').fsPath,
      description: 'Reviews pull requests: tests, risk and style. Use when asked to review a PR.',
    });
    assert.equal(created.toString(), workspaceFile('.github', 'skills', 'pr-review', 'SKILL.md').toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(created));
    assert.equal(text, '---\nname: pr-review\ndescription: "Reviews pull requests: tests, risk and style. Use when asked to review a PR."\n---\n# pr-review\n\n');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), created.toString());
    // .github/skills is where GitHub Copilot loads skills: the Skills view lists it.
    await waitFor('pr-review in the Skills view', async () => (await skillRow('pr-review')) !== undefined, 10_000, 200);
    await vscode.workspace.fs.delete(workspaceFile('.github'), { recursive: true, useTrash: false });
  });

  it('writes the placeholder description when none is given, and the Problems panel flags it', async () => {
    const created = await vscode.commands.executeCommand<vscode.Uri>('skillTrainer.createSkill', 'draft-skill', { folder: workspaceFile('skills').fsPath, description: '' });
    try {
      await waitFor('the placeholder warning', () =>
        vscode.languages.getDiagnostics(created).some((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Warning && /still the placeholder Create Skill wrote/.test(diagnostic.message)),
      );
    } finally {
      await discardAllEditors();
      await vscode.workspace.fs.delete(workspaceFile('skills', 'draft-skill'), { recursive: true, useTrash: false });
    }
  });

  it('refuses to overwrite an existing skill', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('skillTrainer.createSkill', 'commit-messages', { folder: workspaceFile('skills').fsPath, description: 'x' })),
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
