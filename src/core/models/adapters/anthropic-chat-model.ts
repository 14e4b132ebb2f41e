/**
 * `anthropic:<model>` through the official SDK's Messages API.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { thinkingBudgetTokens, type ChatModel, type ChatRequest, type ChatResponse, type ToolCall, type ToolChoice } from '../chat-model';
import { argumentsText, normalizeFinishReason } from '../chat-tools';
import { elapsedMs, jsonReplyInstruction, splitSystemMessages } from './chat-request-mapping';
import { lazySdkClient, type SdkClient } from './lazy-sdk-client';
import {
  callError,
  errorInSuccessfulReply,
  httpFailureFromApiError,
  malformedReplyError,
  noTextReplyError,
  type AdapterContext,
} from './provider-failure';

export const defaultAnthropicBaseUrl = 'https://api.anthropic.com';

export interface AnthropicChatModelOptions {
  model: string;
  apiKey: string;
  /** Default https://api.anthropic.com (the SDK adds `/v1/messages`). */
  baseUrl?: string;
  /** SDK-level safety net per HTTP request, in ms; the call policies' timeout is the real one. */
  requestTimeoutMs?: number;
  /** Messages requires `max_tokens`; used when the request sets no `maxOutputTokens`. Default 8192. */
  defaultMaxOutputTokens?: number;
}

/** Only the reply fields we read; anything else the API adds is ignored. */
const messageReplySchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional(), id: z.string().optional(), name: z.string().optional(), input: z.unknown().optional() })),
  stop_reason: z.string().nullable().optional(),
  usage: z.object({
    input_tokens: z.number(),
    output_tokens: z.number(),
    cache_read_input_tokens: z.number().nullable().optional(),
    cache_creation_input_tokens: z.number().nullable().optional(),
  }),
});

export class AnthropicChatModel implements ChatModel {
  readonly provider = 'anthropic';
  readonly model: string;
  readonly spec: string;
  readonly endpoint: string;
  private readonly client: () => Promise<SdkClient<Anthropic>>;
  private readonly context: AdapterContext;
  private readonly defaultMaxOutputTokens: number;

  constructor(options: AnthropicChatModelOptions) {
    this.model = options.model;
    this.spec = `anthropic:${options.model}`;
    const baseUrl = options.baseUrl ?? defaultAnthropicBaseUrl;
    this.endpoint = baseUrl;
    this.context = {
      spec: this.spec,
      provider: this.provider,
      model: options.model,
      baseUrl,
      apiKeyVariable: 'ANTHROPIC_API_KEY',
      secret: options.apiKey,
    };
    this.defaultMaxOutputTokens = options.defaultMaxOutputTokens ?? 8192;
    this.client = lazySdkClient(async () => {
      const { default: AnthropicSdk } = await import('@anthropic-ai/sdk');
      const client = new AnthropicSdk({
        apiKey: options.apiKey,
        // Explicit, so the SDK never falls back to ANTHROPIC_BASE_URL from the environment.
        baseURL: baseUrl,
        // Retries happen once, in the call policies.
        maxRetries: 0,
        timeout: options.requestTimeoutMs,
        // A redirect fails with its location instead of carrying the key to another address.
        fetchOptions: { redirect: 'manual' },
      });
      return { client, readApiError: httpFailureFromApiError(AnthropicSdk.APIError) };
    });
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const startedAt = performance.now();
    const { system, turns } = splitSystemMessages(request.messages);
    // Messages has no JSON mode that every model accepts, so the schema goes into the system text.
    const systemText = request.jsonSchema ? [system, jsonReplyInstruction(request.jsonSchema)].filter(Boolean).join('\n\n') : system;
    const { client, readApiError } = await this.client();
    const maxTokens = request.maxOutputTokens ?? this.defaultMaxOutputTokens;
    const thinking = anthropicThinking(request.reasoningEffort, maxTokens);
    let reply: unknown;
    try {
      reply = await client.messages.create(
        {
          model: this.model,
          max_tokens: maxTokens,
          ...(systemText ? { system: systemText } : {}),
          ...(thinking ? { thinking } : {}),
          // Anthropic accepts 0..1; our requests allow up to 2. With thinking on it accepts no other temperature than its default.
          ...(request.temperature !== undefined && !thinking ? { temperature: Math.min(1, request.temperature) } : {}),
          messages: turns,
          ...(request.tools && request.tools.length > 0
            ? {
                tools: request.tools.map((tool) => ({
                  name: tool.name,
                  ...(tool.description !== undefined && { description: tool.description }),
                  input_schema: { type: 'object' as const, ...tool.parameters },
                })),
                ...(request.toolChoice && { tool_choice: anthropicToolChoice(request.toolChoice) }),
              }
            : {}),
        },
        { signal: request.signal },
      );
    } catch (error) {
      throw callError(this.context, error, request.signal, readApiError);
    }
    const reported = errorInSuccessfulReply(this.context, reply);
    if (reported) throw reported;
    const parsed = messageReplySchema.safeParse(reply);
    if (!parsed.success) throw malformedReplyError(this.context, parsed.error.issues[0]?.message ?? 'invalid', reply);
    const { content, stop_reason: stopReason, usage } = parsed.data;
    const text = content
      .filter((block) => block.type === 'text')
      .map((block) => block.text ?? '')
      .join('');
    const toolCalls: ToolCall[] = content.flatMap((block) =>
      block.type === 'tool_use' && block.name !== undefined ? [{ ...(block.id !== undefined && { id: block.id }), name: block.name, arguments: argumentsText(block.input) }] : [],
    );
    if (text.trim() === '' && toolCalls.length === 0) {
      if (stopReason === 'refusal') throw noTextReplyError(this.context, 'stop_reason refusal', { refused: true, body: reply });
      const reason = stopReason === 'max_tokens' ? 'it hit the output token limit; raise maxOutputTokens' : `stop_reason ${stopReason ?? 'none'}`;
      throw noTextReplyError(this.context, reason, { refused: false, body: reply });
    }
    const cachedInputTokens = usage.cache_read_input_tokens ?? 0;
    const finishReason = normalizeFinishReason(stopReason);
    return {
      text,
      ...(toolCalls.length > 0 && { toolCalls }),
      ...(finishReason && { finishReason }),
      usage: {
        // Anthropic counts cache reads and cache writes apart from input_tokens.
        inputTokens: usage.input_tokens + cachedInputTokens + (usage.cache_creation_input_tokens ?? 0),
        outputTokens: usage.output_tokens,
        cachedInputTokens,
        costUsd: null,
        latencyMs: elapsedMs(startedAt),
      },
    };
  }

}

/**
 * Extended thinking for an effort: a budget (tokens) below `max_tokens`, at least the
 * API's minimum of 1,024; none for `minimal`, none when the output limit leaves no room.
 */
export function anthropicThinking(effort: ChatRequest['reasoningEffort'], maxTokens: number): { type: 'enabled'; budget_tokens: number } | undefined {
  if (effort === undefined) return undefined;
  const budget = Math.min(thinkingBudgetTokens[effort], maxTokens - 1_024);
  return budget >= 1_024 ? { type: 'enabled', budget_tokens: budget } : undefined;
}

function anthropicToolChoice(choice: ToolChoice): Anthropic.Messages.ToolChoice {
  if (typeof choice === 'object') return { type: 'tool', name: choice.name };
  return { type: choice === 'required' ? 'any' : choice };
}
