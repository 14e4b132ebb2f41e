/**
 * The provider account a target's calls are billed to, as the queue names it: its
 * rate limits (concurrency, the 429 pause) are shared by every target spec on it, over
 * every worker. Only the coordinator computes it, from what it knows without any key:
 * the provider and the base URL it is configured with. Workers never derive it; they
 * read it from the registry the coordinator writes (`targetAccountsKey`), so the two
 * sides cannot disagree when a worker's environment differs.
 *
 * Keys are left out on purpose: the coordinator may not hold the workers' keys, and
 * a key (or its hash) does not belong in Redis. Two keys on one provider and base URL
 * therefore share one limit, which is the safe side of the error.
 */
import { defaultAnthropicBaseUrl } from '../models/adapters/anthropic-chat-model';
import type { BaseUrls } from '../models/adapters/api-keys-from-environment';
import { defaultGoogleBaseUrl } from '../models/adapters/google-chat-model';
import { defaultOllamaBaseUrl, defaultOpenAiBaseUrl } from '../models/adapters/openai-chat-model';
import { httpProviders, parseModelSpec, type HttpProvider } from '../models/model-spec';

/** Where each HTTP provider goes when no base URL is configured (the account then is the vendor's own). */
const vendorHosts: Record<HttpProvider, string> = {
  anthropic: defaultAnthropicBaseUrl,
  openai: defaultOpenAiBaseUrl,
  google: defaultGoogleBaseUrl,
  ollama: defaultOllamaBaseUrl,
  // No default: a coordinator without OPENAI_COMPATIBLE_BASE_URL knows only the provider.
  'openai-compatible': '',
};

/**
 * `anthropic https://api.anthropic.com`, `openai-compatible http://gpu:8000/v1`,
 * `claude-code` (an agent CLI: each worker's own login), `sim`.
 */
export function targetAccount(spec: string, baseUrls: BaseUrls = {}): string {
  const { provider } = parseModelSpec(spec);
  const httpProvider = httpProviders.find((known) => known === provider);
  if (!httpProvider) return provider;
  const baseUrl = accountUrl(baseUrls[httpProvider] ?? vendorHosts[httpProvider]);
  return baseUrl ? `${provider} ${baseUrl}` : provider;
}

/** The base URL without credentials (never written to Redis), query or trailing slash; host in lower case. */
function accountUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim();
  if (!trimmed) return '';
  try {
    const url = new URL(trimmed);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    // Not a URL: the provider's call says so; here it only has to name the account.
    return trimmed.replace(/\/\/[^@/]*@/, '//').replace(/\/+$/, '');
  }
}
