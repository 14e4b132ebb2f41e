/**
 * The steps of a Codex session from its `exec --json` events. Each finished item is
 * one `item.completed` event: agent messages become text; commands, file changes, MCP
 * tool calls and web searches become a tool call followed by its result; error items
 * (errors Codex showed the agent) become notices. Reasoning summaries and to-do lists
 * are left out: they say what the agent meant to do, the other items what it did.
 */
import { z } from 'zod';
import type { TrajectoryStep } from '../../agent-trajectory';
import { toolInputText } from './agent-cli-output';

const itemSchemas = {
  agent_message: z.object({ text: z.string() }),
  command_execution: z.object({
    command: z.string(),
    aggregated_output: z.string().nullish(),
    exit_code: z.number().nullish(),
    status: z.string().optional(),
  }),
  file_change: z.object({
    changes: z.array(z.object({ path: z.string(), kind: z.string() })),
    status: z.string().optional(),
  }),
  mcp_tool_call: z.object({
    server: z.string(),
    tool: z.string(),
    arguments: z.unknown().optional(),
    result: z.object({ content: z.array(z.unknown()).optional(), structured_content: z.unknown().optional() }).nullish(),
    error: z.object({ message: z.string() }).nullish(),
    status: z.string().optional(),
  }),
  web_search: z.object({ query: z.string() }),
  error: z.object({ message: z.string() }),
};

type ItemType = keyof typeof itemSchemas;

/** Early releases called agent messages `assistant_message` and the type field `item_type`. */
function itemType(item: Record<string, unknown>): string | undefined {
  const type = item.type ?? item.item_type;
  if (type === 'assistant_message') return 'agent_message';
  return typeof type === 'string' ? type : undefined;
}

/** Why a command failed, when it did: declined by the sandbox, or a non-zero exit. */
function commandError(item: z.infer<(typeof itemSchemas)['command_execution']>): string | undefined {
  if (item.status === 'declined') return 'declined (not allowed by the sandbox or approval policy)';
  if (typeof item.exit_code === 'number' && item.exit_code !== 0) return `exit code ${item.exit_code}`;
  if (item.status === 'failed') return 'failed';
  return undefined;
}

/** An MCP result's text blocks, or its structured content as JSON. */
function mcpOutput(result: z.infer<(typeof itemSchemas)['mcp_tool_call']>['result']): string {
  if (!result) return '';
  const texts = (result.content ?? []).map((block) => {
    const text = (block as { text?: unknown } | null)?.text;
    return typeof text === 'string' ? text : toolInputText(block);
  });
  if (texts.length > 0) return texts.join('\n');
  return result.structured_content === undefined ? '' : toolInputText(result.structured_content);
}

function itemSteps(type: ItemType, raw: Record<string, unknown>, callId: string | undefined): TrajectoryStep[] | undefined {
  switch (type) {
    case 'agent_message': {
      const item = itemSchemas.agent_message.safeParse(raw);
      return item.success ? [{ type: 'text', text: item.data.text }] : undefined;
    }
    case 'command_execution': {
      const item = itemSchemas.command_execution.safeParse(raw);
      if (!item.success) return undefined;
      const error = commandError(item.data);
      return [
        { type: 'tool_call', name: 'shell', input: item.data.command, ...(callId ? { callId } : {}) },
        { type: 'tool_result', name: 'shell', output: item.data.aggregated_output ?? '', ...(error ? { error } : {}), ...(callId ? { callId } : {}) },
      ];
    }
    case 'file_change': {
      const item = itemSchemas.file_change.safeParse(raw);
      if (!item.success) return undefined;
      const failed = item.data.status === 'failed';
      return [
        { type: 'tool_call', name: 'apply_patch', input: item.data.changes.map((change) => `${change.kind} ${change.path}`).join('\n'), ...(callId ? { callId } : {}) },
        { type: 'tool_result', name: 'apply_patch', output: item.data.status ?? '', ...(failed ? { error: 'the patch could not be applied' } : {}), ...(callId ? { callId } : {}) },
      ];
    }
    case 'mcp_tool_call': {
      const item = itemSchemas.mcp_tool_call.safeParse(raw);
      if (!item.success) return undefined;
      const name = `${item.data.server}.${item.data.tool}`;
      const error = item.data.error?.message ?? (item.data.status === 'failed' ? 'failed' : undefined);
      return [
        { type: 'tool_call', name, input: toolInputText(item.data.arguments), ...(callId ? { callId } : {}) },
        { type: 'tool_result', name, output: mcpOutput(item.data.result), ...(error ? { error } : {}), ...(callId ? { callId } : {}) },
      ];
    }
    case 'web_search': {
      const item = itemSchemas.web_search.safeParse(raw);
      return item.success ? [{ type: 'tool_call', name: 'web_search', input: item.data.query, ...(callId ? { callId } : {}) }] : undefined;
    }
    case 'error': {
      const item = itemSchemas.error.safeParse(raw);
      return item.success ? [{ type: 'notice', message: item.data.message }] : undefined;
    }
  }
}

/**
 * The trajectory steps of Codex's events, and how many finished items could not be
 * read (a known item type with missing or mistyped fields).
 */
export function codexTrajectorySteps(events: readonly Record<string, unknown>[]): { steps: TrajectoryStep[]; unreadable: number } {
  const steps: TrajectoryStep[] = [];
  let unreadable = 0;
  for (const event of events) {
    if (event.type !== 'item.completed') continue;
    const item = event.item;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      unreadable += 1;
      continue;
    }
    const raw = item as Record<string, unknown>;
    const type = itemType(raw);
    if (type === undefined || !(type in itemSchemas)) continue;
    const callId = typeof raw.id === 'string' ? raw.id : undefined;
    const read = itemSteps(type as ItemType, raw, callId);
    if (read) steps.push(...read);
    else unreadable += 1;
  }
  return { steps, unreadable };
}
