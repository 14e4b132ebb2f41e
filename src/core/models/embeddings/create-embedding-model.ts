/**
 * The one factory from a model spec to an EmbeddingModel, the counterpart of
 * `createChatModel`: same specs, same keys and base URLs passed in by the caller.
 * Providers without an embeddings API are refused here, when the run is configured,
 * not when the first `similar` check is scored.
 */
import { SkillTrainerError } from '../../errors';
import { defaultOllamaBaseUrl, defaultOpenAiBaseUrl } from '../adapters/openai-chat-model';
import { apiKeyVariables } from '../adapters/api-keys-from-environment';
import { MissingBaseUrlError } from '../adapters/adapter-errors';
import { GoogleEmbeddingModel } from '../adapters/google-embedding-model';
import { OpenAiEmbeddingModel } from '../adapters/openai-embedding-model';
import { optionalKey, requiredKey, type ModelFactoryOptions } from '../create-chat-model';
import { parseModelSpec } from '../model-spec';
import { SimulatedEmbeddingModel } from '../sim/simulated-embedding-model';
import type { EmbeddingModel } from './embedding-model';

/** A spec whose provider has no embeddings API (Anthropic, agent CLIs, VS Code's language models). */
export class EmbeddingUnsupportedError extends SkillTrainerError {
  readonly spec: string;
  readonly provider: string;

  constructor(spec: string, provider: string) {
    super(
      'embedding_unsupported',
      [
        `'${spec}' cannot embed texts: ${provider} has no embeddings API. Name an embedding model with `,
        { option: 'embedding' },
        ', e.g. openai:text-embedding-3-small, google:gemini-embedding-001, ollama:nomic-embed-text or sim:embedding (offline); ' +
          'without one, `similar` checks are graded by the judge.',
      ],
    );
    this.spec = spec;
    this.provider = provider;
  }
}

/**
 * Creates the embedding model a spec names. Throws ModelSpecError for an unknown
 * provider, MissingApiKeyError, MissingBaseUrlError, or EmbeddingUnsupportedError.
 */
export function createEmbeddingModel(spec: string, options: ModelFactoryOptions): EmbeddingModel {
  const { provider, model } = parseModelSpec(spec);
  const baseUrls = options.baseUrls ?? {};
  const common = { model, requestTimeoutMs: options.requestTimeoutMs };
  switch (provider) {
    case 'openai':
      return new OpenAiEmbeddingModel({ ...common, provider, apiKey: requiredKey('openai', options), baseUrl: baseUrls.openai ?? defaultOpenAiBaseUrl, apiKeyVariable: apiKeyVariables.openai[0] });
    case 'ollama':
      return new OpenAiEmbeddingModel({ ...common, provider, apiKey: optionalKey('ollama', options), baseUrl: baseUrls.ollama ?? defaultOllamaBaseUrl, apiKeyVariable: apiKeyVariables.ollama[0] });
    case 'openai-compatible': {
      const baseUrl = baseUrls['openai-compatible'];
      if (!baseUrl) throw new MissingBaseUrlError(provider, 'OPENAI_COMPATIBLE_BASE_URL');
      return new OpenAiEmbeddingModel({ ...common, provider, apiKey: optionalKey(provider, options), baseUrl, apiKeyVariable: apiKeyVariables[provider][0] });
    }
    case 'google':
      return new GoogleEmbeddingModel({ ...common, apiKey: requiredKey('google', options), baseUrl: baseUrls.google });
    case 'sim':
      // Built in, not injected: a hashed bag of words needs none of the simulated world's task hints.
      return new SimulatedEmbeddingModel(model);
    default:
      throw new EmbeddingUnsupportedError(spec, provider);
  }
}
