/**
 * Model spec strings (`provider:model`), the one way every role names its model in
 * settings, the CLI and run files.
 */
import { SkillTrainerError } from '../errors';

/** Providers whose model is reached over HTTP with an official SDK. */
export const httpProviders = ['anthropic', 'openai', 'google', 'ollama', 'openai-compatible'] as const;
/** Agent CLIs run headless as targets; their model part is optional. */
export const agentCliProviders = ['claude-code', 'codex', 'gemini-cli'] as const;
/** Providers created by someone else and injected into the factory. */
export const injectedProviders = ['sim', 'copilot'] as const;

export type HttpProvider = (typeof httpProviders)[number];
export type AgentCliProvider = (typeof agentCliProviders)[number];
export type ModelProvider = HttpProvider | AgentCliProvider | (typeof injectedProviders)[number];

export const knownProviders: readonly ModelProvider[] = [...httpProviders, ...agentCliProviders, ...injectedProviders];

/** A parsed model spec. `model` is '' for an agent CLI using its own default model. */
export interface ModelSpec {
  provider: ModelProvider;
  model: string;
}

const examples: Record<ModelProvider, string> = {
  anthropic: 'anthropic:claude-sonnet-4-5',
  openai: 'openai:gpt-5-mini',
  google: 'google:gemini-2.5-flash',
  ollama: 'ollama:llama3.1',
  'openai-compatible': 'openai-compatible:qwen2.5-7b-instruct',
  'claude-code': 'claude-code or claude-code:sonnet',
  codex: 'codex or codex:gpt-5-codex',
  'gemini-cli': 'gemini-cli or gemini-cli:gemini-2.5-pro',
  sim: 'sim:default',
  copilot: 'copilot:gpt-4o',
};

/** A spec string that names no known provider, or lacks a required model. */
export class ModelSpecError extends SkillTrainerError {
  readonly spec: string;

  constructor(spec: string, message: string) {
    super('model_spec_invalid', message);
    this.spec = spec;
  }
}

export function isAgentCliProvider(provider: string): provider is AgentCliProvider {
  return (agentCliProviders as readonly string[]).includes(provider);
}

/**
 * Splits `provider:model` at the first colon (model names may hold colons, as in
 * `ollama:llama3.1:8b`). Agent CLIs may omit the model. Throws ModelSpecError naming
 * the known providers when the provider is unknown.
 */
export function parseModelSpec(spec: string): ModelSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const provider = (colon === -1 ? trimmed : trimmed.slice(0, colon)).trim();
  const model = colon === -1 ? '' : trimmed.slice(colon + 1).trim();
  if (!(knownProviders as readonly string[]).includes(provider)) {
    throw new ModelSpecError(
      spec,
      `Unknown model provider '${provider}' in model spec '${spec}'. Known providers: ${knownProviders.join(', ')}. ` +
        `Write the spec as provider:model, e.g. ${examples.anthropic} or ${examples.ollama}.`,
    );
  }
  const known = provider as ModelProvider;
  if (model === '' && !isAgentCliProvider(known)) {
    throw new ModelSpecError(spec, `Model spec '${spec}' names no model: write it as ${known}:<model>, e.g. ${examples[known]}.`);
  }
  return { provider: known, model };
}
