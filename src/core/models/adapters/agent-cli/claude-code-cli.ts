/**
 * Claude Code as a target: `claude -p --output-format stream-json --verbose`, prompt
 * on stdin.
 *
 * Isolation: the session runs in the temporary project with
 * `--setting-sources project`, so only that project's `.claude/` is read: not the
 * user's `~/.claude/settings.json`, `~/.claude/CLAUDE.md`, `~/.claude/skills` or the
 * plugins enabled there. `--strict-mcp-config` (with no `--mcp-config`) keeps the
 * user's MCP servers out. We do not point CLAUDE_CONFIG_DIR elsewhere: the login lives
 * there, and a subscription user would be logged out.
 *
 * Output: one JSON message a line (`stream-json` needs `--verbose`): the session's
 * `assistant` and `user` messages, which make its trajectory (see
 * `claude-code-trajectory.ts`), then `{type:'result', is_error, result, num_turns,
 * total_cost_usd, usage}`. `is_error` decides failure; the exit code and `subtype` do
 * not (a logged-out Claude prints `is_error: true` and exits 0). The one document of
 * `--output-format json` (an object, or with `--verbose` an array of the messages) is
 * read too, for extra arguments that ask for it.
 */
import { z } from 'zod';
import type { AdapterContext } from '../provider-failure';
import { noTextReplyError } from '../provider-failure';
import type { AgentCliDefinition, AgentCliOutput, Environment } from './agent-cli-definition';
import { agentGarbageError, agentReportedError, parseJsonDocument, parseJsonLines, sessionTrajectory, type JsonLines } from './agent-cli-output';
import { claudeTrajectorySteps } from './claude-code-trajectory';
import type { AgentProcessResult } from './run-agent-process';

const claudeResultSchema = z.object({
  type: z.literal('result').optional(),
  subtype: z.string().optional(),
  is_error: z.boolean(),
  result: z.string().optional(),
  num_turns: z.number().optional(),
  total_cost_usd: z.number().optional(),
  usage: z
    .object({
      input_tokens: z.number().optional(),
      output_tokens: z.number().optional(),
      cache_read_input_tokens: z.number().optional(),
      cache_creation_input_tokens: z.number().optional(),
    })
    .optional(),
});

const isResult = (event: unknown) => (event as { type?: unknown } | null)?.type === 'result';

/**
 * The session's messages: the stream's lines, or the messages of a single JSON
 * document when no line is a result. Lines that are not JSON objects are counted.
 */
function sessionMessages(stdout: string): JsonLines {
  const lines = parseJsonLines(stdout);
  if (lines.events.some(isResult)) return lines;
  const document = parseJsonDocument(stdout);
  const entries: unknown[] = Array.isArray(document) ? document : document === undefined ? [] : [document];
  const events = entries.filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object' && !Array.isArray(entry));
  return { events, skippedLines: 0 };
}

function trajectoryOf(events: readonly Record<string, unknown>[], skippedLines: number) {
  const { steps, unreadable } = claudeTrajectorySteps(events);
  return sessionTrajectory(steps, skippedLines + unreadable);
}

function childEnvironment(environment: Environment): Environment {
  // Set inside a Claude Code session; a nested claude would refuse to start.
  const { CLAUDECODE: _nested, CLAUDE_CODE_ENTRYPOINT: _entrypoint, ...rest } = environment;
  return rest;
}

export const claudeCodeCli: AgentCliDefinition = {
  provider: 'claude-code',
  displayName: 'Claude Code',
  defaultExecutable: 'claude',
  installCommand: 'npm install -g @anthropic-ai/claude-code',
  loginHint: "Run 'claude' once in a terminal and log in (/login), or set ANTHROPIC_API_KEY for the trainer.",
  skillsFolder: '.claude/skills',

  async prepare({ prompt, model, environment, extraArgs }) {
    return {
      args: [
        '-p',
        '--output-format',
        'stream-json',
        // stream-json refuses to run in print mode without it.
        '--verbose',
        '--setting-sources',
        'project',
        '--strict-mcp-config',
        ...(model ? ['--model', model] : []),
        ...extraArgs,
      ],
      env: childEnvironment(environment),
      stdin: prompt,
    };
  },

  parse(result: AgentProcessResult, context: AdapterContext): AgentCliOutput {
    const { events, skippedLines } = sessionMessages(result.stdout);
    const parsed = claudeResultSchema.safeParse(events.findLast(isResult) ?? events.at(-1));
    if (!parsed.success) throw agentGarbageError(context, this, 'its JSON result', result);
    const reply = parsed.data;
    if (reply.is_error) {
      throw agentReportedError(context, this, reply.result || `is_error with subtype ${reply.subtype ?? 'unknown'}`, result);
    }
    const text = reply.result ?? '';
    if (text.trim() === '') throw noTextReplyError(context, `empty result, subtype ${reply.subtype ?? 'unknown'}`, { refused: false, body: result.stdout });
    const cachedInputTokens = reply.usage?.cache_read_input_tokens ?? 0;
    return {
      text,
      // Like the API, Claude Code counts cache reads and writes apart from input_tokens.
      inputTokens: (reply.usage?.input_tokens ?? 0) + cachedInputTokens + (reply.usage?.cache_creation_input_tokens ?? 0),
      outputTokens: reply.usage?.output_tokens ?? 0,
      cachedInputTokens,
      costUsd: reply.total_cost_usd ?? null,
      turns: reply.num_turns,
      trajectory: trajectoryOf(events, skippedLines),
    };
  },
};
