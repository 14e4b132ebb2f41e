/**
 * Codex as a target: `codex exec --json --skip-git-repo-check -`, prompt on stdin.
 *
 * Isolation: CODEX_HOME points at an empty folder inside the temporary project, so
 * the user's `config.toml`, MCP servers, `~/.codex/skills`, history and sessions stay
 * out; HOME points there too, which hides `~/.agents/skills`. The user's login file
 * (`auth.json`) is symlinked in, not copied, so a ChatGPT login keeps working and no
 * copy of the secret is left behind. Keys in the environment (OPENAI_API_KEY,
 * CODEX_API_KEY) pass through. Codex's own default sandbox for `exec` (read-only)
 * applies; widen it with extra arguments in the settings.
 *
 * Output: JSONL events. The text is the last `item.completed` agent message; usage
 * comes from `turn.completed` events; `turn.failed` and `error` events carry failures;
 * the finished items are the session's trajectory (see `codex-trajectory.ts`).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { noTextReplyError, type AdapterContext } from '../provider-failure';
import type { AgentCliDefinition, AgentCliOutput } from './agent-cli-definition';
import { agentGarbageError, agentReportedError, numberField, parseJsonLines, sessionTrajectory } from './agent-cli-output';
import { codexTrajectorySteps } from './codex-trajectory';
import type { AgentProcessResult } from './run-agent-process';
import { linkLoginFile } from './temporary-project';

function messageOf(value: unknown): string | undefined {
  const message = (value as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message.trim() !== '' ? message : undefined;
}

export const codexCli: AgentCliDefinition = {
  provider: 'codex',
  displayName: 'Codex',
  defaultExecutable: 'codex',
  installCommand: 'npm install -g @openai/codex',
  loginHint: "Run 'codex login' in a terminal, or set OPENAI_API_KEY (or CODEX_API_KEY) for the trainer.",
  skillsFolder: '.agents/skills',

  async prepare({ prompt, model, project, environment, userHomeDirectory, extraArgs }) {
    const codexHome = join(project.homeDirectory, '.codex');
    await mkdir(codexHome, { recursive: true });
    await linkLoginFile(environment.CODEX_HOME ?? join(userHomeDirectory, '.codex'), codexHome, 'auth.json');
    return {
      args: ['exec', '--json', '--skip-git-repo-check', ...(model ? ['--model', model] : []), ...extraArgs, '-'],
      env: { ...environment, CODEX_HOME: codexHome, HOME: project.homeDirectory },
      stdin: prompt,
    };
  },

  parse(result: AgentProcessResult, context: AdapterContext): AgentCliOutput {
    const { events, skippedLines } = parseJsonLines(result.stdout);
    if (events.length === 0) throw agentGarbageError(context, this, 'JSONL events', result);
    let lastMessage: string | undefined;
    let turnFailure: string | undefined;
    let lastError: string | undefined;
    let turns = 0;
    let inputTokens = 0;
    let cachedInputTokens = 0;
    let outputTokens = 0;
    for (const event of events) {
      if (event.type === 'item.completed') {
        const item = event.item as { type?: unknown; item_type?: unknown; text?: unknown } | undefined;
        const itemType = item?.type ?? item?.item_type;
        // Early releases called it assistant_message.
        if ((itemType === 'agent_message' || itemType === 'assistant_message') && typeof item?.text === 'string') {
          lastMessage = item.text;
        }
      } else if (event.type === 'turn.completed') {
        turns += 1;
        // Codex follows OpenAI: input_tokens already includes cached_input_tokens.
        inputTokens += numberField(event.usage, 'input_tokens');
        cachedInputTokens += numberField(event.usage, 'cached_input_tokens');
        outputTokens += numberField(event.usage, 'output_tokens');
      } else if (event.type === 'turn.failed') {
        turnFailure = messageOf(event.error) ?? 'the turn failed';
      } else if (event.type === 'error') {
        // Also used for passing notices such as reconnect attempts; fatal only without an answer.
        lastError = messageOf(event) ?? lastError;
      }
    }
    if (turnFailure) throw agentReportedError(context, this, turnFailure, result);
    if (lastMessage === undefined) {
      if (lastError) throw agentReportedError(context, this, lastError, result);
      if (result.exitCode !== 0) throw agentGarbageError(context, this, 'a final agent message', result);
      throw noTextReplyError(context, 'no agent message in the session', { refused: false, body: result.stdout });
    }
    if (lastMessage.trim() === '') throw noTextReplyError(context, 'the last agent message is empty', { refused: false, body: result.stdout });
    const { steps, unreadable } = codexTrajectorySteps(events);
    return { text: lastMessage, inputTokens, outputTokens, cachedInputTokens, costUsd: null, turns, trajectory: sessionTrajectory(steps, skippedLines + unreadable) };
  },
};
