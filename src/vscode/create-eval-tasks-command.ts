/**
 * `Skill Trainer: Create Eval Tasks`: writes `evals/evals.json` next to a SKILL.md
 * with example tasks to replace — one per split, each showing a hard criterion, a
 * weighted soft criterion and an assertion — and opens it. Never overwrites.
 */
import * as vscode from 'vscode';
import { findTaskFile } from '../core/tasks';
import { resolveSkillUri, skillFolderOf, skillNameOf } from './skill-files';

const TITLE = 'Create Eval Tasks';

/** The scaffold's text: valid for the loader, with prompts that say what to replace. */
export function evalTasksScaffold(skillName: string): string {
  const rubric = (hard: string) => ({
    hard: [hard],
    soft: [{ criterion: `The answer follows the instructions of the ${skillName} skill closely`, weight: 2 }],
  });
  const file = {
    skill_name: skillName,
    evals: [
      {
        id: 'typical-request',
        split: 'train',
        description: 'Replace with a request this skill should handle well.',
        prompt: `Replace this with a typical request for the ${skillName} skill, written as a user would write it.`,
        expected_output: 'Replace this with a short example of a good answer (the judge compares against it).',
        rubric: rubric('The answer does what the request asks'),
        assert: [{ type: 'min-length', value: 20 }],
      },
      {
        id: 'edge-case',
        split: 'train',
        description: 'Replace with a harder or unusual request.',
        prompt: `Replace this with an unusual or tricky request for the ${skillName} skill.`,
        rubric: rubric('The answer handles the unusual part of the request'),
        assert: [{ type: 'not-icontains', value: 'as an AI' }],
      },
      {
        id: 'held-out-check',
        split: 'val',
        description: 'Validation tasks decide whether a training step is kept: make them representative.',
        prompt: `Replace this with another typical request for the ${skillName} skill, different from the train tasks.`,
        rubric: rubric('The answer does what the request asks'),
        assert: [{ type: 'min-length', value: 20 }],
      },
      {
        id: 'final-test',
        split: 'test',
        description: 'Test tasks are scored only at the end of a run, to report how the trained skill generalises.',
        prompt: `Replace this with a request for the ${skillName} skill that no other task resembles closely.`,
        rubric: rubric('The answer does what the request asks'),
        assert: [{ type: 'min-length', value: 20 }],
      },
    ],
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Returns the eval-tasks file (created or already there), or undefined when no skill was chosen. */
export async function createEvalTasks(argument?: unknown): Promise<vscode.Uri | undefined> {
  // Without a named skill, only skills that have no tasks yet are offered.
  const skillUri = await resolveSkillUri(argument, TITLE, {
    accept: (uri) => findTaskFile(skillFolderOf(uri).fsPath) === undefined,
    noneMessage: `${TITLE}: every skill in this workspace has eval tasks already. Open a skill's evals/evals.json to add more.`,
  });
  if (!skillUri) return undefined;
  const folder = skillFolderOf(skillUri);
  const existing = findTaskFile(folder.fsPath);
  if (existing) {
    const uri = vscode.Uri.file(existing);
    await vscode.window.showTextDocument(uri);
    void vscode.window.showInformationMessage(`${TITLE}: ${vscode.workspace.asRelativePath(uri)} already exists; it was opened, not changed.`);
    return uri;
  }
  const target = vscode.Uri.joinPath(folder, 'evals', 'evals.json');
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(evalTasksScaffold(skillNameOf(skillUri))));
  await vscode.window.showTextDocument(target);
  return target;
}
