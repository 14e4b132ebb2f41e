import type OpenAI from 'openai';
import { lazySdkClient, type SdkClient } from './lazy-sdk-client';
import { httpFailureFromApiError, type AdapterContext } from './provider-failure';

/** Where and how an `openai` SDK client connects. */
export interface OpenAiSdkClientOptions {
  /** Optional for local servers; no Authorization header is sent without one. */
  apiKey?: string;
  /** Including the `/v1` part. */
  baseUrl: string;
  /** SDK-level safety net per HTTP request, in ms; the call policies' timeout is the real one. */
  requestTimeoutMs?: number;
}

/** Who an OpenAI-style adapter is, for its error messages (the key only to cut it out of them). */
export function openAiAdapterContext(options: OpenAiSdkClientOptions & { provider: string; model: string; apiKeyVariable?: string }): AdapterContext {
  return {
    spec: `${options.provider}:${options.model}`,
    provider: options.provider,
    model: options.model,
    baseUrl: options.baseUrl,
    apiKeyVariable: options.apiKeyVariable,
    secret: options.apiKey,
  };
}

/**
 * The `openai` SDK client of the chat and embedding adapters, loaded on first use, with
 * nothing read from the environment and no retries of its own (the call policies retry).
 */
export function openAiSdkClient(options: OpenAiSdkClientOptions): () => Promise<SdkClient<OpenAI>> {
  return lazySdkClient(async () => {
    const { default: OpenAiSdk } = await import('openai');
    const client = new OpenAiSdk({
      // The SDK insists on a key; servers without one get no Authorization header (below).
      apiKey: options.apiKey ?? 'no-key',
      // Explicit values, so the SDK never reads OPENAI_BASE_URL, OPENAI_ORG_ID or OPENAI_PROJECT_ID.
      baseURL: options.baseUrl,
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: options.requestTimeoutMs,
      defaultHeaders: options.apiKey ? undefined : { Authorization: null },
      // A redirect fails with its location instead of carrying the key to another address.
      fetchOptions: { redirect: 'manual' },
    });
    return { client, readApiError: httpFailureFromApiError(OpenAiSdk.APIError) };
  });
}
