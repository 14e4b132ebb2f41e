/**
 * An agent CLI as a ChatModel target: every call is one headless session in a fresh
 * temporary project with the candidate skill installed, removed afterwards whatever
 * happens.
 */
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse } from '../../chat-model';
import { CallAbortedError, ProviderCallError } from '../../model-errors';
import { AgentCliNotFoundError } from '../adapter-errors';
import { jsonReplyInstruction } from '../chat-request-mapping';
import type { AdapterContext } from '../provider-failure';
import type { AgentCliDefinition, Environment } from './agent-cli-definition';
import { runAgentProcess } from './run-agent-process';
import { createTemporaryProject } from './temporary-project';

export interface AgentCliChatModelOptions {
  definition: AgentCliDefinition;
  /** '' for the CLI's default model. */
  model: string;
  /** Path of the executable; default: the CLI's usual name, looked up on PATH. */
  executable?: string;
  /** What the CLI process inherits (PATH, logins, keys). Passed in, never read here. */
  environment: Environment;
  /** The user's home folder, where the CLI keeps its real login. */
  userHomeDirectory: string;
  /** Where temporary projects are created. */
  temporaryDirectory: string;
  /** Wall-clock limit per session, in ms. */
  timeoutMs: number;
  /** Extra arguments placed before the prompt, e.g. `--sandbox workspace-write` for codex. */
  extraArgs?: string[];
}

/**
 * One prompt from the chat messages: a lone user message as is; otherwise system text
 * first, then the turns labelled, since a headless session takes a single prompt.
 */
export function agentPromptFromMessages(messages: ChatMessage[]): string {
  if (messages.length === 1 && messages[0].role === 'user') return messages[0].content;
  const system = messages.filter((message) => message.role === 'system').map((message) => message.content);
  const turns = messages.filter((message) => message.role !== 'system');
  const parts: string[] = [];
  if (system.length > 0) parts.push(system.join('\n\n'));
  if (turns.length === 1 && turns[0].role === 'user') parts.push(turns[0].content);
  else parts.push(...turns.map((turn) => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.content}`));
  return parts.join('\n\n');
}

export class AgentCliChatModel implements ChatModel {
  readonly provider: string;
  readonly model: string;
  readonly spec: string;
  readonly installsSkills = true;
  private readonly options: AgentCliChatModelOptions;
  private readonly context: AdapterContext;

  constructor(options: AgentCliChatModelOptions) {
    this.options = options;
    this.provider = options.definition.provider;
    this.model = options.model;
    this.spec = options.model ? `${this.provider}:${options.model}` : this.provider;
    this.context = { spec: this.spec, provider: this.provider };
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const { definition } = this.options;
    if (request.signal?.aborted) throw new CallAbortedError(`Call to ${this.spec}`);
    const startedAt = performance.now();
    const project = await createTemporaryProject({
      parentDirectory: this.options.temporaryDirectory,
      label: this.provider,
      skillsFolder: definition.skillsFolder,
      skill: request.skill,
      provider: this.provider,
    });
    try {
      const prompt = agentPromptFromMessages(request.messages);
      const invocation = await definition.prepare({
        // No JSON mode in a headless session: a schema becomes an instruction. Temperature
        // and output limits have no flag in these CLIs and are left to their defaults.
        prompt: request.jsonSchema ? `${prompt}\n\n${jsonReplyInstruction(request.jsonSchema)}` : prompt,
        model: this.model,
        project,
        environment: this.options.environment,
        userHomeDirectory: this.options.userHomeDirectory,
        extraArgs: this.options.extraArgs ?? [],
      });
      const executable = this.options.executable ?? definition.defaultExecutable;
      const result = await runAgentProcess({
        executable,
        args: invocation.args,
        cwd: project.projectDirectory,
        env: invocation.env,
        stdin: invocation.stdin,
        timeoutMs: this.options.timeoutMs,
        signal: request.signal,
      }).catch((error: unknown) => {
        throw this.startError(error, executable);
      });
      if (result.aborted) throw new CallAbortedError(`Call to ${this.spec}`);
      if (result.timedOut) {
        throw new ProviderCallError({
          provider: this.provider,
          kind: 'timeout',
          body: result.stdout.slice(-2000),
          message:
            `${this.spec}: the ${definition.displayName} session did not finish within ${Math.round(this.options.timeoutMs / 1000)} s ` +
            'and was stopped with all its processes. Raise the agent timeout in the settings if tasks need longer.',
        });
      }
      if (result.outputLimitExceeded) {
        throw new ProviderCallError({
          provider: this.provider,
          kind: 'process',
          message: `${this.spec}: ${definition.displayName} printed more output than Skill Trainer keeps and was stopped.`,
        });
      }
      const output = definition.parse(result, this.context);
      return {
        text: output.text,
        usage: {
          inputTokens: output.inputTokens,
          outputTokens: output.outputTokens,
          cachedInputTokens: output.cachedInputTokens,
          costUsd: output.costUsd,
          latencyMs: Math.round(performance.now() - startedAt),
          ...(output.turns !== undefined ? { turns: output.turns } : {}),
        },
        ...(output.trajectory ? { trajectory: output.trajectory } : {}),
      };
    } finally {
      await project.remove();
    }
  }

  private startError(error: unknown, executable: string): Error {
    const code = (error as { code?: unknown }).code;
    const { definition } = this.options;
    if (code === 'ENOENT' || code === 'EACCES') {
      return new AgentCliNotFoundError({
        provider: this.provider,
        displayName: definition.displayName,
        executable,
        installCommand: definition.installCommand,
        reason: code === 'ENOENT' ? 'was not found' : 'is not executable',
      });
    }
    return new ProviderCallError({
      provider: this.provider,
      kind: 'process',
      cause: error,
      message: `${this.spec}: could not start '${executable}': ${error instanceof Error ? error.message : String(error)}.`,
    });
  }
}
