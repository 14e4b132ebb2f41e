/**
 * Eval tasks in VS Code's Test Explorer (the Testing API): each skill a test item, each
 * task a child. Run evaluates the chosen tasks with the skill ("Run with Skill", the
 * default) or without it ("Run without Skill", what the target does unaided). The tree
 * follows the skill and task files as they change, and Refresh Tests lists it again.
 */
import * as vscode from 'vscode';
import type { ShellServices } from '../shell-services';
import type { SkillFileWatcher } from '../skill-file-watchers';
import { findSkillFiles } from '../skill-files';
import { includeUserSkills } from '../skills-tree-provider';
import { createSkillItem, resolveSkillItem, type TaskItemData } from './eval-test-items';
import { recording, type RecordedResult } from './eval-test-recording';
import { runEvalBatches, type SkillBatch } from './eval-test-run';
import { TaskHistory } from './task-history';

export const EVAL_TEST_CONTROLLER_ID = 'skillTrainer.evalTasks';
/** Pause after the last file change before the tree is listed again (ms). */
const REFRESH_DELAY_MS = 300;

export class EvalTestController implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController(EVAL_TEST_CONTROLLER_ID, 'Skill Trainer eval tasks');
  /** Every resolved task item's data, by item id. */
  private readonly tasks = new Map<string, TaskItemData>();
  private readonly disposables: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listing: Promise<void> | undefined;

  constructor(
    private readonly services: ShellServices,
    private readonly history: TaskHistory,
    skillFiles: SkillFileWatcher,
  ) {
    this.controller.resolveHandler = (item) => (item ? this.resolve(item) : this.listSkills());
    this.controller.refreshHandler = () => this.listSkills();
    this.disposables = [
      this.controller,
      this.controller.createRunProfile('Run with Skill', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token, true), true),
      this.controller.createRunProfile('Run without Skill', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token, false), false),
      skillFiles.onDidChange(() => this.listSoon()),
      new vscode.Disposable(() => clearTimeout(this.timer)),
    ];
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
  }

  /** Lists the skills; skills already expanded list their tasks again. Resolves when done. */
  listSkills(): Promise<void> {
    this.listing ??= this.listNow().finally(() => (this.listing = undefined));
    return this.listing;
  }

  private listSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.listSkills(), REFRESH_DELAY_MS);
  }

  private async listNow(): Promise<void> {
    const uris = await findSkillFiles({ includeUserSkills: includeUserSkills() });
    const items = uris.map((uri) => this.controller.items.get(uri.toString()) ?? createSkillItem(this.controller, uri));
    this.controller.items.replace(items);
    // A skill whose tasks were shown before is read again (its file may have changed).
    await Promise.all(items.filter((item) => item.children.size > 0 || item.error !== undefined).map((item) => this.resolve(item)));
  }

  private async resolve(item: vscode.TestItem): Promise<void> {
    const data = this.tasks.get(item.id);
    if (data || !item.uri) return;
    item.busy = true;
    try {
      for (const id of [...this.tasks.keys()]) if (id.startsWith(`${item.id}#`)) this.tasks.delete(id);
      for (const [id, task] of await resolveSkillItem(this.controller, item, item.uri, this.history)) this.tasks.set(id, task);
    } finally {
      item.busy = false;
    }
  }

  /** The requested task items, by skill: a skill's item stands for all its tasks. */
  private async batches(request: vscode.TestRunRequest): Promise<SkillBatch[]> {
    if (!request.include) await this.listSkills();
    const roots = request.include ?? [...this.controller.items].map(([, item]) => item);
    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    const bySkill = new Map<string, SkillBatch['items'][number][]>();
    const add = (item: vscode.TestItem) => {
      const data = this.tasks.get(item.id);
      if (!data || excluded.has(item.id)) return;
      const key = data.skillUri.toString();
      bySkill.set(key, [...(bySkill.get(key) ?? []), { item, data }]);
    };
    for (const root of roots) {
      if (excluded.has(root.id)) continue;
      if (this.tasks.has(root.id)) {
        add(root);
        continue;
      }
      await this.resolve(root);
      root.children.forEach(add);
    }
    return [...bySkill.values()].map((items) => ({ skillUri: items[0]!.data.skillUri, items }));
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, withSkill: boolean, record?: RecordedResult[]): Promise<void> {
    const batches = await this.batches(request);
    const created = this.controller.createTestRun(request, withSkill ? 'Eval tasks with the skill' : 'Eval tasks without the skill');
    const run = record ? recording(created, record) : created;
    try {
      await runEvalBatches(this.services, this.history, run, batches, { withSkill, token });
    } finally {
      run.end();
    }
  }

  /**
   * Internal command for tests and other extensions: runs the tasks of a skill (all, or
   * `taskIds`) as the Test Explorer does, shown there too, and answers what each ended as.
   */
  async runForAutomation(options: { skillUri: vscode.Uri; taskIds?: string[]; withSkill?: boolean }): Promise<RecordedResult[]> {
    await this.listSkills();
    const skill = this.controller.items.get(options.skillUri.toString());
    if (!skill) throw new Error(`${options.skillUri.fsPath} is not a skill the Test Explorer lists.`);
    await this.resolve(skill);
    const include: vscode.TestItem[] = [];
    skill.children.forEach((item) => {
      if (!options.taskIds || options.taskIds.includes(this.tasks.get(item.id)?.taskId ?? '')) include.push(item);
    });
    const record: RecordedResult[] = [];
    await this.run(new vscode.TestRunRequest(include), new vscode.CancellationTokenSource().token, options.withSkill ?? true, record);
    return record;
  }

  /** The tree as plain data (internal, for tests). */
  async snapshot(): Promise<{ id: string; label: string; description?: string; error?: string; children: { id: string; label: string; description?: string; tags: string[]; uri?: string; line?: number }[] }[]> {
    await this.listSkills();
    const skills: vscode.TestItem[] = [];
    this.controller.items.forEach((item) => skills.push(item));
    await Promise.all(skills.map((item) => this.resolve(item)));
    return skills.map((item) => {
      const children: vscode.TestItem[] = [];
      item.children.forEach((child) => children.push(child));
      return {
        id: item.id,
        label: item.label,
        description: item.description,
        error: typeof item.error === 'string' ? item.error : item.error?.value,
        children: children.map((child) => ({ id: child.id, label: child.label, description: child.description, tags: child.tags.map((tag) => tag.id), uri: child.uri?.toString(), line: child.range?.start.line })),
      };
    });
  }
}

/** Internal commands of the Test Explorer's eval tasks (tests, other extensions). */
export const EVAL_TEST_COMMANDS = {
  run: 'skillTrainer.evalTests.run',
  snapshot: 'skillTrainer.evalTests.snapshot',
} as const;

/** Registers the Test Explorer's eval tasks and their internal commands. */
export function registerEvalTests(services: ShellServices, memento: vscode.Memento, skillFiles: SkillFileWatcher): vscode.Disposable {
  const tests = new EvalTestController(services, new TaskHistory(memento), skillFiles);
  return vscode.Disposable.from(
    tests,
    vscode.commands.registerCommand(EVAL_TEST_COMMANDS.run, (options: { skillUri: vscode.Uri | string; taskIds?: string[]; withSkill?: boolean }) =>
      tests.runForAutomation({ ...options, skillUri: typeof options.skillUri === 'string' ? vscode.Uri.parse(options.skillUri) : options.skillUri }),
    ),
    vscode.commands.registerCommand(EVAL_TEST_COMMANDS.snapshot, () => tests.snapshot()),
  );
}
