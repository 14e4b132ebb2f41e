/**
 * The environment variables a caller (the command line) may read keys and base URLs
 * from. Adapters never read the environment themselves: the caller passes these in.
 */
import type { HttpProvider } from '../model-spec';

/** API keys by provider. Ollama and OpenAI-compatible servers may need none. */
export type ApiKeys = Partial<Record<HttpProvider, string>>;
/** Base URLs by provider, including the `/v1` part for the OpenAI-style ones. */
export type BaseUrls = Partial<Record<HttpProvider, string>>;

/** Where each provider's key is read from, first match wins; the first name is the one shown in errors. */
export const apiKeyVariables: Record<HttpProvider, readonly string[]> = {
  anthropic: ['ANTHROPIC_API_KEY'],
  openai: ['OPENAI_API_KEY'],
  google: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  ollama: ['OLLAMA_API_KEY'],
  'openai-compatible': ['OPENAI_COMPATIBLE_API_KEY', 'OPENROUTER_API_KEY'],
};

export const openRouterBaseUrl = 'https://openrouter.ai/api/v1';

type EnvironmentLike = Record<string, string | undefined>;

function firstSet(environment: EnvironmentLike, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = environment[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Keys from ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY or GOOGLE_API_KEY, OLLAMA_API_KEY, OPENAI_COMPATIBLE_API_KEY or OPENROUTER_API_KEY. */
export function apiKeysFromEnvironment(environment: EnvironmentLike): ApiKeys {
  const keys: ApiKeys = {};
  for (const provider of Object.keys(apiKeyVariables) as HttpProvider[]) {
    const key = firstSet(environment, apiKeyVariables[provider]);
    if (key) keys[provider] = key;
  }
  return keys;
}

/**
 * `OLLAMA_HOST` is `host`, `host:port` or a URL; the adapter needs `http(s)://host:port/v1`.
 * A bare host gets Ollama's port 11434; a URL keeps whatever port it names.
 */
function ollamaBaseUrl(host: string): string {
  const hasScheme = /^https?:\/\//.test(host);
  const url = new URL(hasScheme ? host : `http://${host}`);
  if (!hasScheme && !url.port) url.port = '11434';
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.endsWith('/v1') ? path : `${path}/v1`}`;
}

/**
 * Base URLs from ANTHROPIC_BASE_URL, OPENAI_BASE_URL, GOOGLE_GEMINI_BASE_URL,
 * OLLAMA_HOST and OPENAI_COMPATIBLE_BASE_URL. With OPENROUTER_API_KEY set and no
 * OPENAI_COMPATIBLE_BASE_URL, `openai-compatible` goes to OpenRouter.
 */
export function baseUrlsFromEnvironment(environment: EnvironmentLike): BaseUrls {
  const urls: BaseUrls = {};
  const anthropic = firstSet(environment, ['ANTHROPIC_BASE_URL']);
  const openai = firstSet(environment, ['OPENAI_BASE_URL']);
  const google = firstSet(environment, ['GOOGLE_GEMINI_BASE_URL']);
  const ollama = firstSet(environment, ['OLLAMA_HOST']);
  const compatible = firstSet(environment, ['OPENAI_COMPATIBLE_BASE_URL']);
  if (anthropic) urls.anthropic = anthropic;
  if (openai) urls.openai = openai;
  if (google) urls.google = google;
  if (ollama) urls.ollama = ollamaBaseUrl(ollama);
  if (compatible) urls['openai-compatible'] = compatible;
  else if (firstSet(environment, ['OPENROUTER_API_KEY'])) urls['openai-compatible'] = openRouterBaseUrl;
  return urls;
}
