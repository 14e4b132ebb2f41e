/**
 * The results of each eval task over time, as the Test Explorer ran it: kept in the
 * workspace state (the last few per task), shown beside the task and in a failure's
 * message, so a flaky task or a regression is seen at a glance.
 */
import type * as vscode from 'vscode';

/** workspaceState key: task key → results, oldest first. */
const HISTORY_KEY = 'skillTrainer.taskHistory';
/** Results kept per task. */
const MAX_RESULTS = 10;

/** One run of one task. */
export interface TaskResult {
  /** ISO time of the run. */
  readonly at: string;
  readonly withSkill: boolean;
  /** 1 when every hard check passed; null when the task could not be scored (a model call failed). */
  readonly hard: 0 | 1 | null;
  /** 0..1; null when not scored. */
  readonly soft: number | null;
  /** The target model's spec. */
  readonly target: string;
}

export class TaskHistory {
  constructor(private readonly memento: vscode.Memento) {}

  /** `<SKILL.md path>#<task id>` */
  static key(skillPath: string, taskId: string): string {
    return `${skillPath}#${taskId}`;
  }

  results(key: string): readonly TaskResult[] {
    return this.memento.get<Record<string, TaskResult[]>>(HISTORY_KEY, {})[key] ?? [];
  }

  async add(entries: readonly { key: string; result: TaskResult }[]): Promise<void> {
    if (entries.length === 0) return;
    const all = { ...this.memento.get<Record<string, TaskResult[]>>(HISTORY_KEY, {}) };
    for (const { key, result } of entries) all[key] = [...(all[key] ?? []), result].slice(-MAX_RESULTS);
    await this.memento.update(HISTORY_KEY, all);
  }
}

/** "✓✗✓" for the last results, newest last; "–" for one that could not be scored; a leading "∅" marks a run without the skill. */
export function historyMarks(results: readonly TaskResult[], count = 5): string {
  return results
    .slice(-count)
    .map((result) => `${result.withSkill ? '' : '∅'}${result.hard === null ? '–' : result.hard === 1 ? '✓' : '✗'}`)
    .join('');
}

/** One line per result, newest first: "2026-01-02 10:00 · with the skill · pass · soft 0.83 · sim:demo". */
export function historyLines(results: readonly TaskResult[]): string[] {
  return [...results].reverse().map((result) => {
    const outcome = result.hard === null ? 'not scored' : result.hard === 1 ? 'pass' : 'fail';
    const soft = result.soft === null ? '' : ` · soft ${result.soft.toFixed(2)}`;
    return `${result.at.replace('T', ' ').slice(0, 16)} · ${result.withSkill ? 'with the skill' : 'without the skill'} · ${outcome}${soft} · ${result.target}`;
  });
}
