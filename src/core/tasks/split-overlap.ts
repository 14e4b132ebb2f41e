import { SkillTrainerError } from '../errors';
import type { EvalTask, Split } from './eval-task';
import { SPLITS } from './split-tasks';

/** One task (by id or by identical prompt) found in more than one split. */
export interface SplitOverlap {
  /** The shared task id, or the ids of tasks sharing one prompt. */
  taskIds: string[];
  splits: Split[];
  /** `id` when the same id is in two splits, `prompt` when two tasks share a prompt. */
  by: 'id' | 'prompt';
}

/**
 * Test-split results were asked for while the splits overlap, so the test score would
 * measure tasks the skill was trained or selected on.
 */
export class SplitOverlapError extends SkillTrainerError {
  readonly overlaps: SplitOverlap[];

  constructor(overlaps: SplitOverlap[]) {
    const shown = overlaps
      .slice(0, 5)
      .map((overlap) =>
        overlap.by === 'id'
          ? `task '${overlap.taskIds[0]}' is in ${overlap.splits.join(' and ')}`
          : `tasks ${overlap.taskIds.map((id) => `'${id}'`).join(', ')} share one prompt across ${overlap.splits.join(' and ')}`,
      )
      .join('; ');
    const more = overlaps.length > 5 ? ` (and ${overlaps.length - 5} more)` : '';
    super(
      'split_overlap',
      `Test-split results are not reported because the splits overlap: ${shown}${more}. ` +
        'Give every task a unique id and prompt, and set each task\'s "split" only once.',
    );
    this.overlaps = overlaps;
  }
}

/** Every task that sits in more than one split, by id or by identical prompt text. */
export function findSplitOverlaps(splits: Readonly<Record<Split, readonly EvalTask[]>>): SplitOverlap[] {
  const overlaps: SplitOverlap[] = [];
  for (const [by, keyOf] of [
    ['id', (task: EvalTask) => task.id],
    ['prompt', (task: EvalTask) => task.prompt.trim()],
  ] as const) {
    const seen = new Map<string, { ids: Set<string>; splits: Set<Split> }>();
    for (const split of SPLITS) {
      for (const task of splits[split] ?? []) {
        const key = keyOf(task);
        const entry = seen.get(key) ?? { ids: new Set(), splits: new Set() };
        entry.ids.add(task.id);
        entry.splits.add(split);
        seen.set(key, entry);
      }
    }
    for (const entry of seen.values()) {
      if (entry.splits.size < 2) continue;
      // A shared id is already reported once; do not report the same pair again by prompt.
      if (by === 'prompt' && entry.ids.size < 2) continue;
      overlaps.push({ taskIds: [...entry.ids], splits: SPLITS.filter((split) => entry.splits.has(split)), by });
    }
  }
  return overlaps;
}

/** Throws {@link SplitOverlapError} when any task is in more than one split. */
export function assertSplitsDisjoint(splits: Readonly<Record<Split, readonly EvalTask[]>>): void {
  const overlaps = findSplitOverlaps(splits);
  if (overlaps.length > 0) throw new SplitOverlapError(overlaps);
}

/** The test tasks, for reporting test-split results; refuses (throws) when the splits overlap. */
export function testTasksForReport(splits: Readonly<Record<Split, readonly EvalTask[]>>): EvalTask[] {
  assertSplitsDisjoint(splits);
  return [...splits.test];
}
