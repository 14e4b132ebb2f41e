import type { ChatModel, ChatRequest, ChatResponse } from '../../../../src/core/models/chat-model';
import { ProviderCallError, type ProviderFailureKind } from '../../../../src/core/models/model-errors';

/** What the fake answers to one call: a reply, or an error to throw. */
export type FakeHandler = (request: ChatRequest, callIndex: number) => Promise<ChatResponse> | ChatResponse;

/**
 * A ChatModel for policy tests: answers through `handler`, records every request, and
 * counts calls in flight (now and at most).
 */
export class FakeChatModel implements ChatModel {
  readonly spec: string;
  readonly provider: string;
  readonly model: string;
  readonly requests: ChatRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    spec: string,
    private readonly handler: FakeHandler,
  ) {
    this.spec = spec;
    const colon = spec.indexOf(':');
    this.provider = colon < 0 ? spec : spec.slice(0, colon);
    this.model = colon < 0 ? '' : spec.slice(colon + 1);
  }

  get calls(): number {
    return this.requests.length;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const index = this.requests.length;
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.handler(request, index);
    } finally {
      this.inFlight -= 1;
    }
  }
}

/** A reply with the given tokens and no cost of its own (the policies price it). */
export function reply(text: string, inputTokens = 100, outputTokens = 50, cachedInputTokens = 0): ChatResponse {
  return { text, usage: { inputTokens, outputTokens, cachedInputTokens, costUsd: null, latencyMs: 0 } };
}

export function providerError(kind: ProviderFailureKind, extra: { status?: number; retryAfterMs?: number } = {}): ProviderCallError {
  return new ProviderCallError({ provider: 'openai', kind, message: `scripted ${kind} failure`, ...extra });
}

/** A reply that only comes when the request's signal fires (then rejects like an SDK). */
export function untilAborted(request: ChatRequest): Promise<ChatResponse> {
  return new Promise((_resolve, reject) => {
    const signal = request.signal!;
    if (signal.aborted) reject(new Error('aborted by signal'));
    signal.addEventListener('abort', () => reject(new Error('aborted by signal')), { once: true });
  });
}
