/**
 * Which embedding model a promptfoo suite names for its `similar` checks, as a Skill
 * Trainer model spec. promptfoo takes it from the assertion's `provider`, else the
 * test's (or defaultTest's) `options.provider`: a provider id such as
 * `openai:embedding:text-embedding-3-large`, or `{embedding: {id: ...}}` beside the
 * text grader. Vendors Skill Trainer reaches map to its own specs; the others cannot be
 * reached from here, and the check is graded by the run's embedding model or judge.
 */
import { parseModelSpec } from '../../models/model-spec';

/** promptfoo's default embedding model for `openai:embedding` without a model name. */
const defaultOpenAiEmbeddingModel = 'text-embedding-3-large';

/** promptfoo's vendor prefix → Skill Trainer provider, for vendors whose embeddings Skill Trainer calls. */
const mappedVendors: Record<string, string> = { openai: 'openai', ollama: 'ollama', google: 'google', gemini: 'google' };

/** Skill Trainer providers with an embeddings API, named directly (`openai:text-embedding-3-small`). */
const embeddingProviders = new Set(['openai', 'ollama', 'google', 'openai-compatible']);

/** What the suite says: a spec, a reason it cannot be used, or nothing about embeddings. */
export type SuiteEmbeddingModel = { spec: string } | { problem: string } | undefined;

/**
 * The embedding model of a `similar` check: its own `provider` first, then the test's
 * `options.provider`. A chat model named there is the grader of other checks, not an
 * embedding model, and is passed over.
 */
export function suiteEmbeddingModel(assertionProvider: unknown, optionsProvider: unknown): SuiteEmbeddingModel {
  return readProvider(assertionProvider, 'assertion') ?? readProvider(optionsProvider, 'options');
}

function readProvider(provider: unknown, level: 'assertion' | 'options'): SuiteEmbeddingModel {
  if (provider === undefined || provider === null) return undefined;
  if (typeof provider === 'string') return fromId(provider, level);
  if (typeof provider !== 'object') return { problem: `its provider must be a provider id such as "openai:embedding:text-embedding-3-small", not ${JSON.stringify(provider)}` };
  const fields = provider as Record<string, unknown>;
  if (fields.embedding !== undefined) {
    const embedding = fields.embedding;
    const id = typeof embedding === 'string' ? embedding : (embedding as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return { problem: 'its provider.embedding has no id; write it as {embedding: {id: "openai:embedding:text-embedding-3-small"}}' };
    return withConfigNote(fromId(id, 'assertion'), (embedding as { config?: unknown }).config);
  }
  return typeof fields.id === 'string' ? withConfigNote(fromId(fields.id, level), fields.config) : undefined;
}

/** A provider's `config` (an API host, a key name) is not read: keys and base URLs come from the environment or settings here. */
function withConfigNote(result: SuiteEmbeddingModel, config: unknown): SuiteEmbeddingModel {
  if (!result || !('spec' in result) || typeof config !== 'object' || config === null || Object.keys(config).length === 0) return result;
  return { problem: `its embedding provider has a config, which is not read here (keys and base URLs come from the environment or the settings); name a model Skill Trainer reaches without one, e.g. provider: ${result.spec.replace(/^(\w+):/, '$1:embedding:')}` };
}

function fromId(id: string, level: 'assertion' | 'options'): SuiteEmbeddingModel {
  const trimmed = id.trim();
  const parts = trimmed.split(':');
  const vendor = parts[0] ?? '';
  // Skill Trainer's own simulated embeddings (`sim:embedding`), for offline suites.
  if (vendor === 'sim' && parts.length === 2 && parts[1] !== '') return { spec: trimmed };
  if (parts[1] === 'embedding' || parts[1] === 'embeddings') {
    const model = parts.slice(2).join(':').trim();
    const provider = mappedVendors[vendor];
    if (provider) {
      if (model === '' && provider !== 'openai') return { problem: `"${trimmed}" names no model; write it as ${vendor}:embedding:<model>` };
      return { spec: `${provider}:${model || defaultOpenAiEmbeddingModel}` };
    }
    if (vendor === 'vertex') {
      return { problem: `"${trimmed}" uses Vertex AI, which Skill Trainer does not call; Gemini's API serves the same embedding models: use google:embedding:${model || 'gemini-embedding-001'} with GEMINI_API_KEY` };
    }
    return { problem: `"${trimmed}": ${vendor} embeddings cannot be reached from Skill Trainer (it calls OpenAI, OpenAI-compatible servers, Ollama and Google)` };
  }
  if (vendor === 'huggingface' && parts[1] === 'sentence-similarity') {
    return { problem: `"${trimmed}" needs a Hugging Face model, which Skill Trainer does not call` };
  }
  // A Skill Trainer spec of an embedding model, named as such: `openai:text-embedding-3-small`, `sim:embedding`.
  try {
    const spec = parseModelSpec(trimmed);
    if (embeddingProviders.has(spec.provider) && /embed/i.test(spec.model)) return { spec: `${spec.provider}:${spec.model}` };
  } catch {
    // Not a Skill Trainer spec: one of promptfoo's other providers.
  }
  // At the test level a chat model is the grader of model-graded checks; on a `similar` check it is a mistake.
  return level === 'assertion' ? { problem: `"${trimmed}" is not an embedding model; name one such as openai:embedding:text-embedding-3-small` } : undefined;
}
