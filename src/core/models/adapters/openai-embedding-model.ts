/**
 * Embeddings through the official `openai` SDK (`POST /embeddings`), for the same three
 * providers as the chat adapter: `openai:<model>`, `ollama:<model>` (Ollama serves
 * `/v1/embeddings`) and `openai-compatible:<model>` (vLLM, LM Studio, llama.cpp server,
 * gateways). Vectors are asked for as plain floats: the SDK's default, base64, is not
 * understood by every compatible server.
 */
import type OpenAI from 'openai';
import { z } from 'zod';
import type { EmbeddingModel, EmbeddingRequest, EmbeddingResponse } from '../embeddings/embedding-model';
import { elapsedMs } from './chat-request-mapping';
import type { SdkClient } from './lazy-sdk-client';
import { openAiAdapterContext, openAiSdkClient } from './openai-sdk-client';
import type { OpenAiCompatibleProvider } from './openai-chat-model';
import { callError, errorInSuccessfulReply, malformedReplyError, type AdapterContext } from './provider-failure';

export interface OpenAiEmbeddingModelOptions {
  provider: OpenAiCompatibleProvider;
  model: string;
  /** Optional for `ollama` and `openai-compatible`; no Authorization header is sent without one. */
  apiKey?: string;
  /** Including the `/v1` part. */
  baseUrl: string;
  /** Environment variable named in auth errors. */
  apiKeyVariable?: string;
  /** SDK-level safety net per HTTP request, in ms; the call policies' timeout is the real one. */
  requestTimeoutMs?: number;
}

const embeddingsReplySchema = z.object({
  data: z.array(z.object({ index: z.number().optional(), embedding: z.array(z.number()).min(1) })),
  usage: z.object({ prompt_tokens: z.number().optional() }).nullable().optional(),
});

export class OpenAiEmbeddingModel implements EmbeddingModel {
  readonly provider: OpenAiCompatibleProvider;
  readonly model: string;
  readonly spec: string;
  readonly endpoint: string;
  private readonly client: () => Promise<SdkClient<OpenAI>>;
  private readonly context: AdapterContext;

  constructor(options: OpenAiEmbeddingModelOptions) {
    this.provider = options.provider;
    this.model = options.model;
    this.spec = `${options.provider}:${options.model}`;
    this.endpoint = options.baseUrl;
    this.context = openAiAdapterContext(options);
    this.client = openAiSdkClient(options);
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const startedAt = performance.now();
    const { client, readApiError } = await this.client();
    let reply: unknown;
    try {
      reply = await client.embeddings.create({ model: this.model, input: request.texts, encoding_format: 'float' }, { signal: request.signal });
    } catch (error) {
      throw callError(this.context, error, request.signal, readApiError);
    }
    const reported = errorInSuccessfulReply(this.context, reply);
    if (reported) throw reported;
    const parsed = embeddingsReplySchema.safeParse(reply);
    if (!parsed.success) throw malformedReplyError(this.context, parsed.error.issues[0]?.message ?? 'invalid', reply);
    const { data, usage } = parsed.data;
    if (data.length !== request.texts.length) {
      throw malformedReplyError(this.context, `${data.length} embeddings for ${request.texts.length} texts`, reply);
    }
    // Servers may list the embeddings in any order; `index` says whose each one is.
    const vectors = [...data].sort((left, right) => (left.index ?? 0) - (right.index ?? 0)).map((item) => item.embedding);
    if (new Set(vectors.map((vector) => vector.length)).size > 1) {
      throw malformedReplyError(this.context, 'embeddings of different lengths in one reply', reply);
    }
    return {
      vectors,
      usage: { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: 0, cachedInputTokens: 0, costUsd: null, latencyMs: elapsedMs(startedAt) },
    };
  }
}
