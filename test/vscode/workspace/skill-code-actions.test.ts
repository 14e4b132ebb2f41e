import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { discardAllEditors } from '../support/shell-helpers';
import { waitFor, workspaceFile } from '../support/skill-trainer-extension';

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Skill Trainer');
}

/** Skill Trainer's quick fixes on a diagnostic's range, as the light bulb lists them. */
async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  return actions.filter((action) => action.kind?.value === vscode.CodeActionKind.QuickFix.value && /^(Set name|Rename the skill|Shorten the description|Put the value)/.test(action.title));
}

// A spec error that names its fix ("Use `release-notes`") offers it as a quick fix.
describe('quick fixes for SKILL.md problems', () => {
  const folder = () => workspaceFile('skills', 'fixable-skill');
  const skillFile = () => vscode.Uri.joinPath(folder(), 'SKILL.md');

  after(async () => {
    await discardAllEditors();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('sets the name to the folder’s, and quotes a value YAML misreads', async () => {
    await vscode.workspace.fs.writeFile(skillFile(), new TextEncoder().encode('---\nname: Fixable_Skill\ndescription: Fixes things: fast\n---\n# Fixable\n'));
    const editor = await vscode.window.showTextDocument(skillFile());
    await waitFor('the YAML problem', () => ourDiagnostics(skillFile()).some((diagnostic) => /may not contain ": "/.test(diagnostic.message)), 10_000, 100);
    const yaml = ourDiagnostics(skillFile()).find((diagnostic) => /may not contain ": "/.test(diagnostic.message))!;
    const offered = await quickFixes(skillFile(), yaml);
    const quote = offered[0];
    assert.equal(quote?.title, 'Put the value in quotes', `offered: ${offered.map((action) => action.title).join(' | ')}; diagnostic: ${yaml.message} at ${yaml.range.start.line}`);
    assert.ok(await vscode.workspace.applyEdit(quote!.edit!));
    assert.match(editor.document.getText(), /^description: "Fixes things: fast"$/m);

    await waitFor('the name problem', () => ourDiagnostics(skillFile()).some((diagnostic) => /Use `fixable-skill`/.test(diagnostic.message)), 10_000, 100);
    const name = ourDiagnostics(skillFile()).find((diagnostic) => /Use `fixable-skill`/.test(diagnostic.message))!;
    const fixes = await quickFixes(skillFile(), name);
    assert.equal(fixes[0]?.title, 'Set name to `fixable-skill`');
    assert.equal(fixes[0]?.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fixes[0]!.edit!));
    assert.match(editor.document.getText(), /^name: fixable-skill$/m);
    await waitFor('no problem left', () => ourDiagnostics(skillFile()).length === 0, 10_000, 100);
  });

  it('offers both fixes of a name that differs from its folder', async () => {
    const editor = await vscode.window.showTextDocument(skillFile());
    await editor.edit((builder) => builder.replace(new vscode.Range(1, 0, 1, editor.document.lineAt(1).text.length), 'name: other-name'));
    await waitFor('the folder problem', () => ourDiagnostics(skillFile()).some((diagnostic) => /they must be equal/.test(diagnostic.message)), 10_000, 100);
    const problem = ourDiagnostics(skillFile()).find((diagnostic) => /they must be equal/.test(diagnostic.message))!;
    const titles = (await quickFixes(skillFile(), problem)).map((action) => action.title);
    assert.deepEqual(titles, ['Set name to `fixable-skill`', "Rename the skill's folder to `other-name`"]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
