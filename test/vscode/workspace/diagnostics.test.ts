import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { SkillDiagnostics } from '../../../src/vscode/skill-diagnostics';
import { discardAllEditors } from '../support/shell-helpers';
import { waitFor, workspaceFile } from '../support/skill-trainer-extension';

/** Skill Trainer's diagnostics of a file, as the Problems panel gets them. */
function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Skill Trainer');
}

async function waitForDiagnostics(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  await waitFor(what, () => predicate(diagnosticsOf(uri)), 10_000, 100);
  return diagnosticsOf(uri);
}

describe('diagnostics on skill files', () => {
  const folder = () => workspaceFile('skills', 'broken-skill');
  const skillFile = () => vscode.Uri.joinPath(folder(), 'SKILL.md');
  const evalsFile = () => vscode.Uri.joinPath(folder(), 'evals', 'evals.json');
  const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

  before(async () => {
    // Line 2: the name differs from the folder name.
    await write(skillFile(), '---\nname: wrong-name\ndescription: A skill with a problem.\n---\n# Broken\n');
    // Line 5: the second task has no prompt.
    await write(evalsFile(), '{\n  "skill_name": "broken-skill",\n  "evals": [\n    { "id": 1, "prompt": "Hi", "assert": [{ "type": "contains", "value": "hi" }] },\n    { "id": 2 }\n  ]\n}\n');
  });

  after(async () => {
    await discardAllEditors();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it('marks a SKILL.md problem on its line', async () => {
    await vscode.window.showTextDocument(skillFile());
    const [problem] = await waitForDiagnostics(skillFile(), (list) => list.length > 0, 'a diagnostic on SKILL.md');
    assert.equal(problem?.range.start.line, 1, `on line ${problem!.range.start.line + 1}: ${problem!.message}`);
    assert.match(problem!.message, /broken-skill/);
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
  });

  it('marks an evals.json problem on its line, naming the JSON path', async () => {
    await vscode.window.showTextDocument(evalsFile());
    const diagnostics = await waitForDiagnostics(evalsFile(), (list) => list.length > 0, 'a diagnostic on evals.json');
    const missingPrompt = diagnostics.find((diagnostic) => diagnostic.message.includes('evals[1].prompt'));
    assert.ok(missingPrompt, diagnostics.map((diagnostic) => diagnostic.message).join(' | '));
    assert.equal(missingPrompt.range.start.line, 4);
  });

  it('updates as the person types, before saving', async () => {
    const editor = await vscode.window.showTextDocument(skillFile());
    await editor.edit((edit) => edit.replace(new vscode.Range(1, 6, 1, 16), 'broken-skill'));
    await waitForDiagnostics(skillFile(), (list) => list.length === 0, 'the SKILL.md diagnostic to clear after the fix');
    const evalsEditor = await vscode.window.showTextDocument(evalsFile());
    const line = evalsEditor.document.lineAt(4);
    await evalsEditor.edit((edit) => edit.replace(line.range, '    { "id": 2, "prompt": "Bye", "assert": [{ "type": "contains", "value": "bye" }] }'));
    await waitForDiagnostics(evalsFile(), (list) => list.every((diagnostic) => diagnostic.severity !== vscode.DiagnosticSeverity.Error), 'the evals.json errors to clear');
    // Unsaved edits would make closing the editors ask to save.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.window.showTextDocument(skillFile());
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

describe('diagnostics of deleted skills', () => {
  it('disappear with the folder', async () => {
    const folder = workspaceFile('skills', 'short-lived');
    const skillFile = vscode.Uri.joinPath(folder, 'SKILL.md');
    await vscode.workspace.fs.writeFile(skillFile, new TextEncoder().encode('---\nname: other-name\ndescription: Gone soon.\n---\n'));
    await vscode.window.showTextDocument(skillFile);
    await waitForDiagnostics(skillFile, (list) => list.length > 0, 'a diagnostic on the short-lived SKILL.md');
    await discardAllEditors();
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    await waitForDiagnostics(skillFile, (list) => list.length === 0, 'the diagnostics of the deleted skill to go');
  });
});

describe('diagnostics read from disk while the file is opened and fixed', () => {
  const folder = () => workspaceFile('skills', 'late-read');
  const skillFile = () => vscode.Uri.joinPath(folder(), 'SKILL.md');

  after(async () => {
    await discardAllEditors();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it('keep what the buffer says: a disk read that ends late never brings a fixed problem back', async () => {
    await vscode.workspace.fs.writeFile(skillFile(), new TextEncoder().encode('---\nname: wrong-name\ndescription: A skill with a problem.\n---\n# Late\n'));
    // A checker of its own whose disk reads wait until released: a Skills view refresh on a busy machine.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const diagnostics = new SkillDiagnostics(async (path) => {
      await released;
      return readFile(path, 'utf8');
    });
    try {
      const checking = diagnostics.checkSkills([skillFile()]);
      const editor = await vscode.window.showTextDocument(skillFile());
      await editor.edit((edit) => edit.replace(new vscode.Range(1, 6, 1, 16), 'late-read'));
      await waitFor('the buffer check to clear the name problem', () => diagnostics.get(skillFile()).length === 0, 10_000, 50);
      release();
      await checking;
      assert.deepEqual(
        diagnostics.get(skillFile()).map((diagnostic) => diagnostic.message),
        [],
        'the saved text (still wrong-name) was read before the fix and must not replace the buffer check',
      );
    } finally {
      release();
      diagnostics.dispose();
    }
  });
});
