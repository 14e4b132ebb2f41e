import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { inspectTaskSet } from '../../../src/core/tasks';
import { discardAllEditors, readWorkspaceText, skillRow } from '../support/shell-helpers';
import { waitFor, workspaceFile } from '../support/skill-trainer-extension';

describe('Create Eval Tasks', () => {
  const skillFolder = () => workspaceFile('.claude', 'skills', 'release-notes');
  const evalsFile = () => vscode.Uri.joinPath(skillFolder(), 'evals', 'evals.json');

  after(async () => {
    await discardAllEditors();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(skillFolder(), 'evals'), { recursive: true, useTrash: false });
  });

  it('scaffolds evals/evals.json that the loader accepts, with every split, and opens it', async () => {
    const created = await vscode.commands.executeCommand<vscode.Uri>('skillTrainer.createEvalTasks', vscode.Uri.joinPath(skillFolder(), 'SKILL.md'));
    assert.equal(created.toString(), evalsFile().toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), created.toString());
    const inspection = await inspectTaskSet(skillFolder().fsPath);
    assert.deepEqual(inspection.problems.filter((problem) => problem.severity === 'error'), []);
    const tasks = inspection.taskSet!.tasks;
    assert.deepEqual([...new Set(tasks.map((task) => task.split))].sort(), ['test', 'train', 'val']);
    assert.ok(tasks.every((task) => task.rubric.hard.length > 0 && task.rubric.soft.length > 0 && task.assert.length > 0));
    assert.equal(inspection.taskSet!.skillName, 'release-notes');
    await waitFor('the Skills view to count the new tasks', async () => (await skillRow('release-notes'))?.taskCount === tasks.length, 10_000, 200);
  });

  it('never overwrites an existing task file: it opens it instead', async () => {
    const edited = '{"skill_name": "release-notes", "evals": [{"id": 1, "prompt": "Mine", "assert": [{"type": "contains", "value": "x"}]}]}\n';
    await vscode.workspace.fs.writeFile(evalsFile(), new TextEncoder().encode(edited));
    await discardAllEditors();
    const opened = await vscode.commands.executeCommand<vscode.Uri>('skillTrainer.createEvalTasks', vscode.Uri.joinPath(skillFolder(), 'SKILL.md'));
    assert.equal(opened.toString(), evalsFile().toString());
    assert.equal(await readWorkspaceText(evalsFile()), edited);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), evalsFile().toString());
  });
});
