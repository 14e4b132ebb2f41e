import { isAgentCliProvider, parseModelSpec } from '../models/model-spec';
import type { EvalTask } from '../tasks/eval-task';

/**
 * The one notice for a run whose tasks give the target tools it cannot be given, or
 * undefined when there is nothing to say (no task has tools, or the target takes them).
 */
export function toolsNotGivenNotice(targetSpec: string, tasks: readonly EvalTask[]): string | undefined {
  const withTools = tasks.filter((task) => task.tools !== undefined);
  if (withTools.length === 0) return undefined;
  let provider: string;
  try {
    provider = parseModelSpec(targetSpec).provider;
  } catch {
    return undefined;
  }
  // Every API target is given the tools (VS Code's language models too); agent CLIs bring their own and answer in text.
  if (!isAgentCliProvider(provider)) return undefined;
  const names = [...new Set(withTools.flatMap((task) => task.tools!.definitions.map((tool) => tool.name)))].join(', ');
  return (
    `${withTools.length} task${withTools.length === 1 ? ' gives' : 's give'} the target tools to call (${names}), but ${targetSpec} cannot be given tools: it answers in text, ` +
    'so checks of tool calls (is-valid-*-call, finish-reason tool_calls, code reading output[0].function) fail. ' +
    'Choose an API target (openai:, anthropic:, google:, ollama:, openai-compatible: or copilot:) to run them with their tools.'
  );
}
