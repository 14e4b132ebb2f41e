/**
 * The one interface through which embedding models are reached (OpenAI and
 * OpenAI-compatible servers, Google, the simulated world). The `similar` check uses it
 * to compare meanings without a judge; nothing else needs to know the vendor.
 */
import type { Usage } from '../chat-model';

export interface EmbeddingRequest {
  /** The texts to embed, in order; one vector comes back for each. */
  texts: string[];
  /** Cancels the call whether queued or in flight. */
  signal?: AbortSignal;
  /** What the call is for (`similar`), for usage accounting and logs. */
  label?: string;
}

export interface EmbeddingResponse {
  /** One vector per text, in the order of `texts`; every vector has the same length. */
  vectors: number[][];
  /** What the call consumed: input tokens only (embeddings produce no output tokens). */
  usage: Usage;
  /** True when the vectors came from the run's journal or memo (free and instant). */
  cached?: boolean;
}

export interface EmbeddingModel {
  /** The spec this model was made from, e.g. `openai:text-embedding-3-small`. */
  readonly spec: string;
  /** Provider part of the spec (`openai`, `google`, `sim`, ...). */
  readonly provider: string;
  /** Model part of the spec. */
  readonly model: string;
  /** Where an HTTP model's requests go (its base URL), named in errors such as a timeout. */
  readonly endpoint?: string;
  embed(request: EmbeddingRequest): Promise<EmbeddingResponse>;
}
