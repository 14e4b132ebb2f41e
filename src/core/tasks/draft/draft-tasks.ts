/**
 * Drafts eval tasks for a skill with the optimizer model: it reads the skill and its
 * references and proposes realistic tasks (main cases, edge cases, near-misses) with
 * rubric criteria and, where they fit, deterministic assertions. Every task comes back
 * marked as a draft: nothing trains or evaluates on it until a person reviewed it.
 */
import { isSkillTrainerError, type SkillTrainerError } from '../../errors';
import type { ChatModel } from '../../models/chat-model';
import { completeStructuredReply } from '../../models/structured-reply';
import { isJudgedAssertion, runAssertion } from '../../scoring/assertions/run-assertion';
import type { AssertionSpec, EvalTask } from '../eval-task';
import { renderTemplate } from '../render-template';
import { uniqueTaskId, type EvalsFileEntry } from '../edit/evals-file-edits';
import { describeKinds, draftBatches } from './draft-plan';
import { DRAFT_SCHEMA_NAME, draftReplySchema, type DraftedTask, type DraftKind } from './draft-reply-schema';
import type { SkillSources } from './skill-sources';
import draftSystem from './prompts/draft-system.md';
import draftUser from './prompts/draft-user.md';

export interface DraftTasksOptions {
  sources: SkillSources;
  /** The optimizer model, already wrapped in the run's call policies. */
  model: ChatModel;
  /** Tasks wanted, 1..200. */
  count: number;
  /** Tasks the skill already has: their ids are not reused and their prompts not repeated. */
  existing: ReadonlyArray<Pick<EvalTask, 'id' | 'prompt'>>;
  signal?: AbortSignal;
  /** After each batch: tasks drafted so far, of `count`. */
  onProgress?: (drafted: number, count: number) => void;
}

export interface DraftOutcome {
  /** evals.json entries, each with `"draft": true`, in the order drafted. */
  entries: EvalsFileEntry[];
  /** What was changed or left out, for the person (duplicates, assertions the expected output fails). */
  notes: string[];
  /** File-level hints for the simulated world, when its drafter wrote some. */
  sim?: unknown;
  /** Why drafting stopped before every batch was answered; the entries so far are still good. */
  stoppedBy?: SkillTrainerError;
}

const KIND_LABEL: Record<DraftKind, string> = { main: 'Main case', edge: 'Edge case', 'near-miss': 'Near-miss (the skill should not apply)' };

function normalizedPrompt(prompt: string): string {
  return prompt.toLowerCase().replace(/\s+/g, ' ').trim();
}

function referencesBlock(sources: SkillSources): string {
  if (sources.references.length === 0) return '(none)';
  return sources.references.map((file) => `<file path="${file.path}">\n${file.content}\n</file>`).join('\n\n');
}

/**
 * Runs the batches in order (each sees the prompts drafted before it, so they do not
 * repeat). A reply that fails validation is sent back once with the problems; a second
 * failure, like any other model error, ends drafting: with nothing drafted yet it is
 * thrown, otherwise the drafts so far come back with `stoppedBy`.
 */
export async function draftTasks(options: DraftTasksOptions): Promise<DraftOutcome> {
  const taken = new Set(options.existing.map((task) => task.id));
  const seenPrompts = new Set(options.existing.map((task) => normalizedPrompt(task.prompt)));
  const knownPrompts = options.existing.map((task) => task.prompt);
  const outcome: DraftOutcome = { entries: [], notes: [] };
  for (const kinds of draftBatches(options.count)) {
    let tasks: DraftedTask[];
    try {
      const reply = await completeStructuredReply(options.model, draftRequest(options, kinds, knownPrompts), draftReplySchema, DRAFT_SCHEMA_NAME);
      tasks = reply.value.tasks;
      if (outcome.sim === undefined && reply.value.sim !== undefined) outcome.sim = reply.value.sim;
    } catch (error) {
      if (outcome.entries.length === 0 || !isSkillTrainerError(error)) throw error;
      outcome.stoppedBy = error;
      return outcome;
    }
    if (tasks.length > kinds.length) tasks = tasks.slice(0, kinds.length);
    for (const task of tasks) {
      const key = normalizedPrompt(task.prompt);
      if (seenPrompts.has(key)) {
        outcome.notes.push(`Left out a drafted task ("${task.id}"): its prompt repeats one the skill already has or that was drafted before.`);
        continue;
      }
      const entry = await toEntry(task, taken, outcome.notes);
      if (!entry) continue;
      seenPrompts.add(key);
      knownPrompts.push(task.prompt);
      outcome.entries.push(entry);
    }
    options.onProgress?.(outcome.entries.length, options.count);
  }
  if (outcome.entries.length < options.count) {
    outcome.notes.push(`${outcome.entries.length} of the ${options.count} tasks asked for were drafted.`);
  }
  return outcome;
}

function draftRequest(options: DraftTasksOptions, kinds: readonly DraftKind[], knownPrompts: readonly string[]) {
  const existing = knownPrompts.length === 0 ? '(none)' : knownPrompts.map((prompt) => `- ${prompt.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n');
  const user = renderTemplate(draftUser, {
    count: kinds.length,
    kinds: describeKinds(kinds),
    name: options.sources.name,
    skill: options.sources.skillText,
    references: referencesBlock(options.sources),
    existing,
  }).text;
  return {
    messages: [
      { role: 'system' as const, content: draftSystem.trim() },
      { role: 'user' as const, content: user.trim() },
    ],
    label: 'draft',
    // Eight tasks with rubrics and example answers; room for long expected outputs.
    maxOutputTokens: 12_000,
    signal: options.signal,
  };
}

/**
 * The evals.json entry of a drafted task. Assertions its own expected output fails are
 * dropped (one of the two is wrong, and a person should not have to find out which by
 * training); a task left with nothing that must pass is dropped too.
 */
async function toEntry(task: DraftedTask, taken: Set<string>, notes: string[]): Promise<EvalsFileEntry | undefined> {
  let assertions: AssertionSpec[] = task.assert;
  if (task.expected_output !== undefined && task.expected_output.trim() !== '') {
    const context = { task: { id: task.id, prompt: task.prompt, rubric: { hard: [], soft: [] }, assert: [] }, trusted: false, javascriptTimeoutMs: 0 };
    assertions = [];
    for (const spec of task.assert) {
      // Checks the judge grades (llm-rubric, ...) cannot be run here; they are kept.
      if (isJudgedAssertion(spec)) {
        assertions.push(spec);
        continue;
      }
      const check = await runAssertion(spec, task.expected_output, context);
      if (!check.pass) notes.push(`Task "${task.id}": dropped its ${spec.type} assertion, which its own expected output fails (${check.reason}).`);
      else assertions.push(spec);
    }
  }
  if (task.rubric.hard.length + assertions.length === 0) {
    notes.push(`Left out a drafted task ("${task.id}"): nothing that must pass was left once its wrong assertions were dropped.`);
    return undefined;
  }
  const entry: EvalsFileEntry = {
    id: uniqueTaskId(task.id, taken),
    description: `${KIND_LABEL[task.kind]}: ${task.description}`,
    prompt: task.prompt,
  };
  if (task.expected_output !== undefined && task.expected_output.trim() !== '') entry.expected_output = task.expected_output;
  entry.rubric = { hard: task.rubric.hard, soft: task.rubric.soft };
  if (assertions.length > 0) entry.assert = assertions.map(({ type, value, weight, threshold }) => ({ type, ...(value !== undefined && { value }), ...(weight !== undefined && { weight }), ...(threshold !== undefined && { threshold }) }));
  entry.draft = true;
  if (task.sim !== undefined) entry.sim = task.sim;
  return entry;
}
