import type { ApiError, GoogleGenAI } from '@google/genai';
import { lazySdkClient } from './lazy-sdk-client';

/** Where and how a `@google/genai` client connects. */
export interface GoogleSdkClientOptions {
  apiKey: string;
  /** e.g. https://generativelanguage.googleapis.com (the SDK adds `/v1beta/models/...`). */
  baseUrl: string;
  /** SDK-level safety net per HTTP request, in ms; the call policies' timeout is the real one. */
  requestTimeoutMs?: number;
}

/**
 * The `@google/genai` client of the chat and embedding adapters, loaded on first use.
 * Explicit `vertexai` and base URL, so the SDK reads neither GOOGLE_GENAI_USE_VERTEXAI
 * nor GOOGLE_GEMINI_BASE_URL; no retryOptions, so the SDK does not retry (the call
 * policies do).
 */
export function googleSdkClient(options: GoogleSdkClientOptions): () => Promise<{ client: GoogleGenAI; ApiError: typeof ApiError }> {
  return lazySdkClient(async () => {
    const sdk = await import('@google/genai');
    const client = new sdk.GoogleGenAI({ apiKey: options.apiKey, vertexai: false, httpOptions: { baseUrl: options.baseUrl, timeout: options.requestTimeoutMs } });
    return { client, ApiError: sdk.ApiError };
  });
}

/**
 * A fetch for one call that keeps that call's last response: the SDK's ApiError carries
 * no headers, so a retry-after or a redirect's location is read from here. Redirects are
 * not followed: a redirect fails with its location instead of carrying the key elsewhere.
 */
export function observingFetch(): { fetch: typeof fetch; lastResponse: () => Response | undefined } {
  let last: Response | undefined;
  return {
    fetch: async (input, init) => {
      last = await fetch(input, { ...init, redirect: 'manual' });
      return last;
    },
    lastResponse: () => last,
  };
}
