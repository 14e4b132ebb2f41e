/**
 * Quick fixes for the SKILL.md problems whose message names the fix: a name the spec
 * refuses ("Use `release-notes`"), a name that differs from the folder (set it, or
 * rename the folder), a description over the limit (shorten it, the rest moving into the
 * body), and values YAML misreads (put them in quotes). The fixes come from the core's
 * validator, so the editor and `skill-trainer validate` agree on them.
 */
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { applySkillFix, validateSkill, type SkillFix } from '../core/skill';
import { minimalReplacement } from './history/checkpoint-commands';
import { DIAGNOSTIC_SOURCE } from './skill-diagnostics';
import { isSkillFile } from './skill-files';

function titleOf(fix: SkillFix): string {
  switch (fix.kind) {
    case 'set_name':
      return `Set name to \`${fix.name}\``;
    case 'rename_folder':
      return `Rename the skill's folder to \`${fix.folderName}\``;
    case 'shorten_description':
      return 'Shorten the description to the limit (the rest moves to the top of the body)';
    case 'quote_value':
      return 'Put the value in quotes';
  }
}

export class SkillCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0 || !isSkillFile(document.uri)) return [];
    const text = document.getText();
    const folder = dirname(document.uri.fsPath);
    const problems = validateSkill(text, { folderName: basename(folder) });
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const problem = problems.find((candidate) => candidate.line - 1 === diagnostic.range.start.line && candidate.message === diagnostic.message);
      for (const fix of problem?.fixes ?? []) {
        const action = new vscode.CodeAction(titleOf(fix), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix === problem!.fixes![0];
        const edit = new vscode.WorkspaceEdit();
        if (fix.kind === 'rename_folder') {
          edit.renameFile(vscode.Uri.file(folder), vscode.Uri.file(`${dirname(folder)}/${fix.folderName}`), { overwrite: false });
        } else {
          const fixed = applySkillFix(text, problem!.line, fix);
          if (fixed === undefined || fixed === text) continue;
          const change = minimalReplacement(text, fixed);
          edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
        }
        action.edit = edit;
        actions.push(action);
      }
    }
    return actions;
  }
}
