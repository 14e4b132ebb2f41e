/**
 * `google:<model>` embeddings through the official `@google/genai` SDK (Gemini API;
 * the SDK sends one `models/{model}:batchEmbedContents` request, an item per text). The API
 * reports no token counts for embeddings, so usage counts ~4 characters per token.
 */
import type { ApiError, GoogleGenAI } from '@google/genai';
import { z } from 'zod';
import type { EmbeddingModel, EmbeddingRequest, EmbeddingResponse } from '../embeddings/embedding-model';
import { estimateTextsTokens } from '../policies/request-size';
import { elapsedMs } from './chat-request-mapping';
import { defaultGoogleBaseUrl } from './google-chat-model';
import { googleCallError, withoutSdkFields } from './google-failure';
import { googleSdkClient, observingFetch } from './google-sdk-client';
import { malformedReplyError, type AdapterContext } from './provider-failure';

export interface GoogleEmbeddingModelOptions {
  model: string;
  apiKey: string;
  /** Default https://generativelanguage.googleapis.com (the SDK adds `/v1beta/models/...`). */
  baseUrl?: string;
  /** SDK-level safety net per HTTP request, in ms; the call policies' timeout is the real one. */
  requestTimeoutMs?: number;
}

const embedReplySchema = z.object({
  embeddings: z.array(z.object({ values: z.array(z.number()).min(1) })),
});

export class GoogleEmbeddingModel implements EmbeddingModel {
  readonly provider = 'google';
  readonly model: string;
  readonly spec: string;
  readonly endpoint: string;
  private readonly client: () => Promise<{ client: GoogleGenAI; ApiError: typeof ApiError }>;
  private readonly context: AdapterContext;

  constructor(options: GoogleEmbeddingModelOptions) {
    this.model = options.model;
    this.spec = `google:${options.model}`;
    const baseUrl = options.baseUrl ?? defaultGoogleBaseUrl;
    this.endpoint = baseUrl;
    this.context = { spec: this.spec, provider: this.provider, model: options.model, baseUrl, apiKeyVariable: 'GEMINI_API_KEY', secret: options.apiKey };
    this.client = googleSdkClient({ apiKey: options.apiKey, baseUrl, requestTimeoutMs: options.requestTimeoutMs });
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const startedAt = performance.now();
    const observed = observingFetch();
    const { client, ApiError: sdkApiError } = await this.client();
    let reply: unknown;
    try {
      reply = await client.models.embedContent({
        model: this.model,
        contents: request.texts,
        config: { abortSignal: request.signal, httpOptions: { fetch: observed.fetch } },
      });
    } catch (error) {
      throw googleCallError(this.context, error, request.signal, sdkApiError, observed.lastResponse());
    }
    const parsed = embedReplySchema.safeParse(reply);
    if (!parsed.success) throw malformedReplyError(this.context, parsed.error.issues[0]?.message ?? 'invalid', withoutSdkFields(reply));
    const vectors = parsed.data.embeddings.map((embedding) => embedding.values);
    if (vectors.length !== request.texts.length) {
      throw malformedReplyError(this.context, `${vectors.length} embeddings for ${request.texts.length} texts`, withoutSdkFields(reply));
    }
    const inputTokens = estimateTextsTokens(request.texts);
    return { vectors, usage: { inputTokens, outputTokens: 0, cachedInputTokens: 0, costUsd: null, latencyMs: elapsedMs(startedAt) } };
  }
}
