/**
 * Gemini CLI as a target: `gemini --output-format json --prompt=<prompt>` (stdin is
 * closed empty: Gemini CLI would put piped stdin in front of the prompt).
 *
 * Isolation: GEMINI_CLI_HOME points at an empty folder inside the temporary project,
 * so the user's `~/.gemini/settings.json`, GEMINI.md, extensions, MCP servers and
 * `~/.gemini/skills` (and `~/.agents/skills`) stay out. The login files
 * (`oauth_creds.json`, `google_accounts.json`) are symlinked in, not copied, and only
 * the chosen auth method is carried over into a fresh `settings.json`, so a Google
 * login keeps working. GEMINI_API_KEY in the environment passes through.
 *
 * Output: `--output-format stream-json`, one event a line (see `gemini-stream.ts`): the
 * assistant's text, each tool call and its result (the session's trajectory), and a
 * closing `result` with the status and token counts. Failures that come before the
 * stream starts are printed as one JSON document `{error: {type, message}}` (the
 * `--output-format json` shape, read too), on stdout or, in some releases, stderr.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { noTextReplyError, type AdapterContext } from '../provider-failure';
import type { AgentCliDefinition, AgentCliOutput } from './agent-cli-definition';
import { agentGarbageError, agentReportedError, parseJsonDocument, parseJsonLines, sessionTrajectory } from './agent-cli-output';
import { readGeminiStream, type GeminiStreamResult } from './gemini-stream';
import type { AgentProcessResult } from './run-agent-process';
import { linkLoginFile } from './temporary-project';

const geminiOutputSchema = z.object({
  response: z.string().nullable().optional(),
  stats: z
    .object({
      models: z
        .record(
          z.string(),
          z.object({
            api: z.object({ totalRequests: z.number().optional() }).optional(),
            tokens: z
              .object({
                prompt: z.number().optional(),
                candidates: z.number().optional(),
                cached: z.number().optional(),
                thoughts: z.number().optional(),
              })
              .optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  error: z.object({ message: z.string().optional(), type: z.string().optional() }).nullable().optional(),
});

/** The auth method the user picked (`oauth-personal`, `gemini-api-key`, ...), if readable. */
async function selectedAuthType(userGeminiDirectory: string): Promise<string | undefined> {
  try {
    const settings = JSON.parse(await readFile(join(userGeminiDirectory, 'settings.json'), 'utf8')) as {
      security?: { auth?: { selectedType?: unknown } };
      selectedAuthType?: unknown;
    };
    const selected = settings.security?.auth?.selectedType ?? settings.selectedAuthType;
    return typeof selected === 'string' ? selected : undefined;
  } catch {
    // No settings, or settings with comments: Gemini CLI then asks for a key in the environment.
    return undefined;
  }
}

export const geminiCli: AgentCliDefinition = {
  provider: 'gemini-cli',
  displayName: 'Gemini CLI',
  defaultExecutable: 'gemini',
  installCommand: 'npm install -g @google/gemini-cli',
  loginHint: "Run 'gemini' once in a terminal and sign in, or set GEMINI_API_KEY for the trainer.",
  skillsFolder: '.gemini/skills',

  async prepare({ prompt, model, project, environment, userHomeDirectory, extraArgs }) {
    const geminiDirectory = join(project.homeDirectory, '.gemini');
    await mkdir(geminiDirectory, { recursive: true });
    const userGeminiDirectory = join(environment.GEMINI_CLI_HOME ?? userHomeDirectory, '.gemini');
    await linkLoginFile(userGeminiDirectory, geminiDirectory, 'oauth_creds.json');
    await linkLoginFile(userGeminiDirectory, geminiDirectory, 'google_accounts.json');
    const authType = await selectedAuthType(userGeminiDirectory);
    if (authType) {
      await writeFile(join(geminiDirectory, 'settings.json'), JSON.stringify({ security: { auth: { selectedType: authType } } }, null, 2));
    }
    return {
      // `--prompt=` keeps a prompt that starts with '-' from reading as a flag.
      args: ['--output-format', 'stream-json', ...(model ? ['--model', model] : []), ...extraArgs, `--prompt=${prompt}`],
      env: { ...environment, GEMINI_CLI_HOME: project.homeDirectory },
      stdin: '',
    };
  },

  parse(result: AgentProcessResult, context: AdapterContext): AgentCliOutput {
    const { events, skippedLines } = parseJsonLines(result.stdout);
    const session = readGeminiStream(events);
    if (!session.result) return parseJsonOutput(result, context, this);
    const { status, error, stats } = session.result;
    if (status !== 'success' || error) {
      const reported = [error?.type, error?.message].filter(Boolean).join(': ');
      throw agentReportedError(context, this, reported || `the session ended with status '${status}'`, result);
    }
    if (session.text.trim() === '') throw noTextReplyError(context, 'empty response', { refused: false, body: result.stdout });
    return {
      text: session.text,
      ...streamUsage(stats),
      costUsd: null,
      turns: session.turns,
      trajectory: sessionTrajectory(session.steps, skippedLines + session.unreadable),
    };
  },
};

/**
 * Token counts of the stream's stats. `input_tokens` includes the cached ones; its
 * `output_tokens` counts the answer only, while thinking is billed as output too: the
 * total minus the input holds both.
 */
function streamUsage(stats: GeminiStreamResult['stats']): Pick<AgentCliOutput, 'inputTokens' | 'outputTokens' | 'cachedInputTokens'> {
  const inputTokens = stats?.input_tokens ?? 0;
  const answerTokens = stats?.output_tokens ?? 0;
  const total = stats?.total_tokens ?? 0;
  return { inputTokens, outputTokens: Math.max(answerTokens, total - inputTokens), cachedInputTokens: stats?.cached ?? 0 };
}

/** One JSON document (`--output-format json`): an error printed before the stream began, or the reply when extra arguments asked for that format. */
function parseJsonOutput(result: AgentProcessResult, context: AdapterContext, definition: AgentCliDefinition): AgentCliOutput {
  // Failures are printed as the same JSON shape, on stdout or (some releases) stderr.
  const candidates = [parseJsonDocument(result.stdout), parseJsonDocument(result.stderr)];
  const parsed = candidates
    .map((candidate) => geminiOutputSchema.safeParse(candidate))
    .find((attempt) => attempt.success && (attempt.data.response != null || attempt.data.error != null));
  if (!parsed?.success) throw agentGarbageError(context, definition, 'its JSON output', result);
  const { response, stats, error } = parsed.data;
  if (error) {
    const reported = [error.type, error.message].filter(Boolean).join(': ');
    throw agentReportedError(context, definition, reported || 'unknown error', result);
  }
  const text = response ?? '';
  if (text.trim() === '') throw noTextReplyError(context, 'empty response', { refused: false, body: result.stdout });
  const models = Object.values(stats?.models ?? {});
  const sum = (pick: (model: (typeof models)[number]) => number | undefined) => models.reduce((total, model) => total + (pick(model) ?? 0), 0);
  return {
    text,
    // `prompt` includes the cached tokens; thinking is billed as output.
    inputTokens: sum((model) => model.tokens?.prompt),
    outputTokens: sum((model) => model.tokens?.candidates) + sum((model) => model.tokens?.thoughts),
    cachedInputTokens: sum((model) => model.tokens?.cached),
    costUsd: null,
    turns: models.length > 0 ? sum((model) => model.api?.totalRequests) : undefined,
  };
}
