/**
 * The leakage guard: a skill edit that copies task text — a train or validation
 * task's prompt, expected output or rubric — teaches the target the answers to the
 * tasks that grade it rather than the skill. An edit is flagged when it brings into the
 * skill a run of at least `LEAKAGE_RUN_WORDS` words in a row from one task's prompt or
 * expected output (`RUBRIC_RUN_WORDS` from a rubric criterion alone), or a task's whole
 * expected output of at least `WHOLE_OUTPUT_MIN_WORDS` words.
 *
 * Calibrated so ordinary skill wording shared with tasks is not flagged: words are
 * compared case- and punctuation-blind; text the skill already holds is never counted
 * (the person's own wording, and rules tasks were written from); and wording found in
 * `SHARED_WORDING_TASKS` or more tasks (a prompt template, a rubric criterion every task
 * shares) is a convention of the task set, not one task's content. A command name or
 * a short phrase is far below the run length.
 */
import type { EvalTask } from '../tasks/eval-task';

/** Words in a row, copied from one task's prompt or expected output, that flag an edit. */
export const LEAKAGE_RUN_WORDS = 8;
/**
 * Words in a row copied from a rubric criterion alone. Longer: a criterion states the
 * behaviour the skill should teach, so restating one is often the point.
 */
export const RUBRIC_RUN_WORDS = 12;
/** A task's whole expected output, pasted in, flags an edit from this many words (and `WHOLE_OUTPUT_MIN_CHARACTERS`). */
export const WHOLE_OUTPUT_MIN_WORDS = 4;
export const WHOLE_OUTPUT_MIN_CHARACTERS = 20;
/** Wording found in this many tasks or more is shared by the task set and never flagged. */
export const SHARED_WORDING_TASKS = 3;

export type LeakageField = 'prompt' | 'expected output' | 'rubric';

/** What an edit copied, and from where. */
export interface LeakageFinding {
  taskId: string;
  split: 'train' | 'val';
  field: LeakageField;
  /** Words copied in a row. */
  words: number;
  /** The copied words as the edit has them (its own text, so safe to show the optimizer). */
  excerpt: string;
}

interface IndexedTask {
  task: EvalTask;
  split: 'train' | 'val';
}

/** Lower-case words (letters and digits) with their character spans in the text. */
function wordsOf(text: string): Array<{ word: string; start: number; end: number }> {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ word: match[0].toLowerCase(), start: match.index!, end: match.index! + match[0].length }));
}

/** 52-bit FNV-1a hash of a word run: the index keeps numbers, not strings, so large task sets stay small. */
function hashRun(words: readonly string[], from: number, count: number): number {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let index = from; index < from + count; index++) {
    const word = words[index]!;
    for (let char = 0; char <= word.length; char++) {
      const code = char === word.length ? 32 : word.charCodeAt(char);
      low = Math.imul(low ^ code, 0x01000193) >>> 0;
      high = Math.imul(high ^ code ^ (low >>> 24), 0x01000193) >>> 0;
    }
  }
  return (high & 0xfffff) * 0x100000000 + low;
}

function runHashes(words: readonly string[]): Set<number> {
  const hashes = new Set<number>();
  for (let index = 0; index + LEAKAGE_RUN_WORDS <= words.length; index++) hashes.add(hashRun(words, index, LEAKAGE_RUN_WORDS));
  return hashes;
}

function fieldsOf(task: EvalTask): Array<[LeakageField, string]> {
  const rubric = [...task.rubric.hard, ...task.rubric.soft.map((criterion) => criterion.criterion)];
  return [['prompt', task.prompt], ['expected output', task.expectedOutput ?? ''], ...rubric.map((text): [LeakageField, string] => ['rubric', text])];
}

/** The word runs of the train and validation tasks, built once per run. */
export class LeakageIndex {
  /**
   * Run hash → index of the first task holding it × 8, + 4 when it is found outside a
   * rubric criterion (prompt or expected output), + the number of tasks holding it (capped at 3).
   */
  private readonly runs = new Map<number, number>();
  /** Short whole expected outputs (below the run length), as word strings, with their task. */
  private readonly outputs = new Map<string, number[]>();
  private skillRuns: { text: string; hashes: Set<number>; words: string } | undefined;

  private constructor(private readonly tasks: readonly IndexedTask[]) {
    tasks.forEach(({ task }, taskIndex) => {
      // Per task: each run once, marked when a prompt or expected output holds it.
      const hashes = new Map<number, boolean>();
      for (const [field, text] of fieldsOf(task)) {
        for (const hash of runHashes(wordsOf(text).map((word) => word.word))) hashes.set(hash, (hashes.get(hash) ?? false) || field !== 'rubric');
      }
      for (const [hash, outsideRubric] of hashes) {
        const entry = this.runs.get(hash);
        if (entry === undefined) this.runs.set(hash, taskIndex * 8 + (outsideRubric ? 4 : 0) + 1);
        else this.runs.set(hash, entry - (entry % 4) + Math.min(3, (entry % 4) + 1) + (outsideRubric && (entry & 4) === 0 ? 4 : 0));
      }
      const output = wordsOf(task.expectedOutput ?? '').map((word) => word.word);
      if (output.length >= WHOLE_OUTPUT_MIN_WORDS && output.length < LEAKAGE_RUN_WORDS && (task.expectedOutput ?? '').trim().length >= WHOLE_OUTPUT_MIN_CHARACTERS) {
        const key = output.join(' ');
        this.outputs.set(key, [...(this.outputs.get(key) ?? []), taskIndex]);
      }
    });
  }

  /** The index of the tasks an optimizer may have seen: train and validation (never test). */
  static fromTasks(tasks: { train: readonly EvalTask[]; val: readonly EvalTask[] }): LeakageIndex {
    return new LeakageIndex([...tasks.train.map((task) => ({ task, split: 'train' as const })), ...tasks.val.map((task) => ({ task, split: 'val' as const }))]);
  }

  /** What `added` copies from a task that `skill` (the text it goes into) does not already hold; undefined when nothing. */
  find(added: string, skill: string): LeakageFinding | undefined {
    const skillRuns = this.runsOfSkill(skill);
    const words = wordsOf(added);
    const plain = words.map((word) => word.word);
    type Run = { taskIndex: number; from: number; count: number; outsideRubric: boolean };
    let best: Run | undefined;
    let run: Run | undefined;
    for (let index = 0; index + LEAKAGE_RUN_WORDS <= plain.length; index++) {
      const hash = hashRun(plain, index, LEAKAGE_RUN_WORDS);
      const entry = this.runs.get(hash);
      const hit = entry !== undefined && entry % 4 < SHARED_WORDING_TASKS && !skillRuns.hashes.has(hash);
      if (!hit) {
        run = undefined;
        continue;
      }
      const taskIndex = Math.floor(entry / 8);
      const outsideRubric = (entry & 4) !== 0;
      const continues = run && run.taskIndex === taskIndex && run.from + run.count - LEAKAGE_RUN_WORDS + 1 === index;
      run = continues ? { ...run!, count: run!.count + 1, outsideRubric: run!.outsideRubric || outsideRubric } : { taskIndex, from: index, count: LEAKAGE_RUN_WORDS, outsideRubric };
      const qualifies = run.outsideRubric || run.count >= RUBRIC_RUN_WORDS;
      if (qualifies && (!best || run.count > best.count)) best = run;
    }
    if (best) {
      const excerpt = added.slice(words[best.from]!.start, words[best.from + best.count - 1]!.end);
      return this.finding(best.taskIndex, best.count, excerpt, plain.slice(best.from, best.from + best.count).join(' '));
    }
    return this.wholeOutput(words, skillRuns.words, added);
  }

  /** A short expected output pasted whole (shorter outputs than a run are otherwise never caught). */
  private wholeOutput(words: Array<{ word: string; start: number; end: number }>, skillWords: string, added: string): LeakageFinding | undefined {
    const joined = ` ${words.map((word) => word.word).join(' ')} `;
    for (const [output, taskIndices] of this.outputs) {
      if (taskIndices.length >= SHARED_WORDING_TASKS || !joined.includes(` ${output} `) || skillWords.includes(` ${output} `)) continue;
      const count = output.split(' ').length;
      const from = joined.slice(0, joined.indexOf(` ${output} `) + 1).trim().split(' ').filter(Boolean).length;
      return this.finding(taskIndices[0]!, count, added.slice(words[from]!.start, words[from + count - 1]!.end), output, 'expected output');
    }
    return undefined;
  }

  private finding(taskIndex: number, count: number, excerpt: string, copied: string, known?: LeakageField): LeakageFinding {
    const { task, split } = this.tasks[taskIndex]!;
    const field = known ?? fieldsOf(task).find(([, text]) => ` ${wordsOf(text).map((word) => word.word).join(' ')} `.includes(` ${copied.split(' ').slice(0, LEAKAGE_RUN_WORDS).join(' ')} `))?.[0] ?? 'prompt';
    return { taskId: task.id, split, field, words: count, excerpt };
  }

  private runsOfSkill(skill: string): { text: string; hashes: Set<number>; words: string } {
    if (this.skillRuns?.text !== skill) {
      const words = wordsOf(skill).map((word) => word.word);
      this.skillRuns = { text: skill, hashes: runHashes(words), words: ` ${words.join(' ')} ` };
    }
    return this.skillRuns;
  }
}

/** The finding in words: for the person (naming the task) and for the optimizer (naming no validation task). */
export function describeLeakage(finding: LeakageFinding): { reason: string; hint: string } {
  // On one line: the step buffer lists one rejected edit per line.
  const flat = finding.excerpt.replace(/\s+/g, ' ');
  const quoted = flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
  const splitName = finding.split === 'val' ? 'validation' : 'train';
  return {
    reason: `copies ${finding.words} words in a row from ${splitName} task '${finding.taskId}' (its ${finding.field}): "${quoted}"`,
    hint: `copies ${finding.words} words in a row from a ${splitName} task's ${finding.field} ("${quoted}"); write the general rule instead of a task's own text`,
  };
}
