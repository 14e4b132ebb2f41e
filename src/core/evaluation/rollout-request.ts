import type { ChatModel, ChatRequest, SkillPayload } from '../models/chat-model';
import type { EvalTask } from '../tasks/eval-task';

/** An input file of a task, read from the skill folder. */
export interface TaskFile {
  /** As written in the task (relative to the skill folder). */
  path: string;
  content: string;
}

/** Per-rollout settings. */
export interface RolloutRequestOptions {
  /** The task's input files, already read. */
  files?: readonly TaskFile[];
  /** Distinguishes repeated samples of the same rollout in the response cache. */
  sampleIndex?: number;
  temperature?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
  /** Run the task with no skill at all (no system message, nothing installed): the baseline a skill is measured against. */
  withoutSkill?: boolean;
}

/**
 * The request that runs `task` on `target` with `skill`. API models get the skill as
 * the system message; models that install skills themselves (agent CLIs) get it as
 * `request.skill` and only the task as the message. Input files follow the prompt,
 * each in a `<file path="...">` block, so API models see them too.
 */
export function rolloutRequest(
  task: EvalTask,
  skill: SkillPayload,
  target: Pick<ChatModel, 'installsSkills'>,
  options: RolloutRequestOptions = {},
): ChatRequest {
  const user = { role: 'user' as const, content: promptWithFiles(task.prompt, options.files ?? []) };
  const common = {
    label: 'rollout',
    sampleIndex: options.sampleIndex,
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    signal: options.signal,
  };
  if (options.withoutSkill) return { ...common, messages: [user] };
  if (target.installsSkills) return { ...common, messages: [user], skill };
  return { ...common, messages: [{ role: 'system', content: skill.text }, user] };
}

function promptWithFiles(prompt: string, files: readonly TaskFile[]): string {
  if (files.length === 0) return prompt;
  const blocks = files.map((file) => `<file path="${file.path}">\n${file.content}\n</file>`);
  return `${prompt}\n\n${blocks.join('\n\n')}`;
}
