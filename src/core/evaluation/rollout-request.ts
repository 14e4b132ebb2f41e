import type { ChatMessage, ChatModel, ChatRequest, SkillPayload } from '../models/chat-model';
import type { EvalTask, OutputFormat } from '../tasks/eval-task';

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
 *
 * A task that is a conversation (a promptfoo chat prompt) is sent as its turns. The
 * skill stays the system context: the conversation's own system text follows the skill
 * in the one system message, after a blank line. Files follow the last user turn. A task
 * that asks for JSON (promptfoo's `response_format`) sends its schema, or asks for any
 * JSON object. A task with tools gives them to the target (with its tool choice).
 */
export function rolloutRequest(
  task: EvalTask,
  skill: SkillPayload,
  target: Pick<ChatModel, 'installsSkills'>,
  options: RolloutRequestOptions = {},
): ChatRequest {
  const common = {
    label: 'rollout',
    sampleIndex: options.sampleIndex,
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    signal: options.signal,
    ...(task.outputFormat && { jsonSchema: outputJsonSchema(task.outputFormat) }),
    ...(task.tools && { tools: task.tools.definitions, ...(task.tools.choice && { toolChoice: task.tools.choice }) }),
  };
  const conversation = withFiles(task.messages ?? [{ role: 'user', content: task.prompt }], options.files ?? []);
  // Without the skill, the task is sent as it is (a conversation keeps its own system text).
  if (options.withoutSkill || target.installsSkills) return { ...common, messages: conversation, ...(!options.withoutSkill && { skill }) };
  const ownSystem = conversation.filter((message) => message.role === 'system').map((message) => message.content);
  const turns = conversation.filter((message) => message.role !== 'system');
  return { ...common, messages: [{ role: 'system', content: [skill.text, ...ownSystem].join('\n\n') }, ...turns] };
}

/** The schema asked of the target; plain JSON mode is any JSON object. */
function outputJsonSchema(format: OutputFormat): NonNullable<ChatRequest['jsonSchema']> {
  return format.type === 'json-schema' ? { name: format.name, schema: format.schema } : { name: 'json_object', schema: { type: 'object' } };
}

/** The conversation with the task's input files after its last user turn. */
function withFiles(messages: readonly ChatMessage[], files: readonly TaskFile[]): ChatMessage[] {
  if (files.length === 0) return [...messages];
  const last = messages.map((message) => message.role).lastIndexOf('user');
  return messages.map((message, index) => (index === last ? { ...message, content: promptWithFiles(message.content, files) } : message));
}

function promptWithFiles(prompt: string, files: readonly TaskFile[]): string {
  if (files.length === 0) return prompt;
  const blocks = files.map((file) => `<file path="${file.path}">\n${file.content}\n</file>`);
  return `${prompt}\n\n${blocks.join('\n\n')}`;
}
