/**
 * The one factory from a model spec (`provider:model`) to a ChatModel. Keys, base
 * URLs, executables and trust are passed in by the caller; nothing here reads
 * settings or secrets. Wrap the result once with `withCallPolicies` for retries,
 * limits, timeouts, cost and cache.
 */
import { homedir, tmpdir } from 'node:os';
import type { ChatModel } from './chat-model';
import { MissingApiKeyError } from './model-errors';
import { isAgentCliProvider, parseModelSpec, type AgentCliProvider, type HttpProvider } from './model-spec';
import { AgentCliUntrustedError, MissingBaseUrlError, ProviderUnavailableError } from './adapters/adapter-errors';
import { AnthropicChatModel } from './adapters/anthropic-chat-model';
import { apiKeyVariables, type ApiKeys, type BaseUrls } from './adapters/api-keys-from-environment';
import { GoogleChatModel } from './adapters/google-chat-model';
import { defaultOllamaBaseUrl, defaultOpenAiBaseUrl, OpenAiChatModel } from './adapters/openai-chat-model';
import { AgentCliChatModel } from './adapters/agent-cli/agent-cli-chat-model';
import type { AgentCliDefinition, Environment } from './adapters/agent-cli/agent-cli-definition';
import { claudeCodeCli } from './adapters/agent-cli/claude-code-cli';
import { codexCli } from './adapters/agent-cli/codex-cli';
import { geminiCli } from './adapters/agent-cli/gemini-cli';

/** How agent-CLI targets are started. */
export interface AgentCliSettings {
  /** Executable paths by provider; default `claude`, `codex`, `gemini` looked up on PATH. */
  executables?: Partial<Record<AgentCliProvider, string>>;
  /** Extra arguments by provider, e.g. `{codex: ['--sandbox', 'workspace-write']}`. */
  extraArgs?: Partial<Record<AgentCliProvider, string[]>>;
  /** Wall-clock limit of one agent session, in ms. Default 600 000 (10 min). */
  timeoutMs?: number;
  /**
   * The environment agent CLIs inherit (PATH, their logins, keys). Default: this
   * process's environment. API keys given in `apiKeys` are not added to it.
   */
  environment?: Environment;
  /** Where temporary projects go. Default: the OS temp folder. */
  temporaryDirectory?: string;
  /** The user's home folder (where the CLIs keep their logins). Default: the OS home folder. */
  userHomeDirectory?: string;
}

export interface ModelFactoryOptions {
  /** Whether the workspace is trusted; agent CLIs are refused when it is not. */
  trusted: boolean;
  /** Keys by provider (see `apiKeysFromEnvironment` for the command line). */
  apiKeys?: ApiKeys;
  /** Base URLs by provider; `openai-compatible` needs one, `ollama` defaults to 127.0.0.1:11434. */
  baseUrls?: BaseUrls;
  agentClis?: AgentCliSettings;
  /** SDK-level limit per HTTP request, in ms (the call policies' timeout is the one that matters). Default: the SDK's own (10 min for Anthropic and OpenAI, none for Google). */
  requestTimeoutMs?: number;
  /** For Anthropic, which requires a limit: used when a request sets no `maxOutputTokens`. Default 8192. */
  defaultMaxOutputTokens?: number;
  /** Creates `sim:<model>` models (the simulated world lives in `models/sim`). */
  simulated?: (model: string) => ChatModel;
  /** Creates `copilot:<model>` models; only the VS Code extension can. */
  copilot?: (model: string) => ChatModel;
}

/** Default wall-clock limit of one agent-CLI session, in ms. */
export const defaultAgentCliTimeoutMs = 600_000;

const agentCliDefinitions: Record<AgentCliProvider, AgentCliDefinition> = {
  'claude-code': claudeCodeCli,
  codex: codexCli,
  'gemini-cli': geminiCli,
};

export function requiredKey(provider: HttpProvider, options: ModelFactoryOptions): string {
  const key = options.apiKeys?.[provider]?.trim();
  if (!key) throw new MissingApiKeyError(provider, apiKeyVariables[provider][0]);
  return key;
}

export function optionalKey(provider: HttpProvider, options: ModelFactoryOptions): string | undefined {
  return options.apiKeys?.[provider]?.trim() || undefined;
}

/**
 * Creates the model a spec names. Throws ModelSpecError for an unknown provider,
 * MissingApiKeyError, MissingBaseUrlError, AgentCliUntrustedError, or
 * ProviderUnavailableError (sim/copilot without their injected factory).
 */
export function createChatModel(spec: string, options: ModelFactoryOptions): ChatModel {
  const { provider, model } = parseModelSpec(spec);
  const common = { model, requestTimeoutMs: options.requestTimeoutMs };
  const baseUrls = options.baseUrls ?? {};
  switch (provider) {
    case 'anthropic':
      return new AnthropicChatModel({
        ...common,
        apiKey: requiredKey('anthropic', options),
        baseUrl: baseUrls.anthropic,
        defaultMaxOutputTokens: options.defaultMaxOutputTokens,
      });
    case 'openai':
      return new OpenAiChatModel({
        ...common,
        provider,
        apiKey: requiredKey('openai', options),
        baseUrl: baseUrls.openai ?? defaultOpenAiBaseUrl,
        apiKeyVariable: apiKeyVariables.openai[0],
      });
    case 'google':
      return new GoogleChatModel({ ...common, apiKey: requiredKey('google', options), baseUrl: baseUrls.google });
    case 'ollama':
      return new OpenAiChatModel({
        ...common,
        provider,
        apiKey: optionalKey('ollama', options),
        baseUrl: baseUrls.ollama ?? defaultOllamaBaseUrl,
        apiKeyVariable: apiKeyVariables.ollama[0],
      });
    case 'openai-compatible': {
      const baseUrl = baseUrls['openai-compatible'];
      if (!baseUrl) throw new MissingBaseUrlError(provider, 'OPENAI_COMPATIBLE_BASE_URL');
      return new OpenAiChatModel({
        ...common,
        provider,
        apiKey: optionalKey('openai-compatible', options),
        baseUrl,
        apiKeyVariable: apiKeyVariables['openai-compatible'][0],
      });
    }
    case 'sim':
      if (!options.simulated) {
        throw new ProviderUnavailableError(
          provider,
          `Model spec '${spec}' needs the simulated world, which this caller did not provide (ModelFactoryOptions.simulated).`,
        );
      }
      return options.simulated(model);
    case 'copilot':
      if (!options.copilot) {
        throw new ProviderUnavailableError(
          provider,
          `Model spec '${spec}' uses VS Code's language models (GitHub Copilot), which exist only inside VS Code with the ` +
            'Skill Trainer extension. From the command line, pick another provider, e.g. openai:gpt-5-mini or ollama:llama3.1.',
        );
      }
      return options.copilot(model);
    default:
      return createAgentCliModel(provider, model, options);
  }
}

function createAgentCliModel(provider: AgentCliProvider, model: string, options: ModelFactoryOptions): ChatModel {
  if (!isAgentCliProvider(provider)) throw new Error(`unhandled provider ${String(provider)}`);
  if (!options.trusted) throw new AgentCliUntrustedError(provider);
  const settings = options.agentClis ?? {};
  return new AgentCliChatModel({
    definition: agentCliDefinitions[provider],
    model,
    executable: settings.executables?.[provider],
    extraArgs: settings.extraArgs?.[provider],
    timeoutMs: settings.timeoutMs ?? defaultAgentCliTimeoutMs,
    // The factory is the edge where the environment may be defaulted; adapters only get it passed in.
    environment: settings.environment ?? process.env,
    temporaryDirectory: settings.temporaryDirectory ?? tmpdir(),
    userHomeDirectory: settings.userHomeDirectory ?? homedir(),
  });
}
