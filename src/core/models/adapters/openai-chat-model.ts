/**
 * Chat Completions through the official `openai` SDK, for three providers:
 * `openai:<model>` (api.openai.com), `ollama:<model>` (a local Ollama) and
 * `openai-compatible:<model>` (vLLM, LM Studio, llama.cpp server, OpenRouter, gateways).
 *
 * JSON mode: every provider gets `response_format: {type: 'json_schema', strict: false}`.
 * It is the one form that OpenAI, Ollama (0.5+), vLLM, LM Studio, llama.cpp server and
 * OpenRouter all accept; LM Studio rejects the older `json_object`, so falling back to
 * it would be less safe, not more. Replies are validated by the caller anyway.
 */
import type OpenAI from 'openai';
import { z } from 'zod';
import type { ChatModel, ChatRequest, ChatResponse, ToolCall, ToolChoice } from '../chat-model';
import { normalizeFinishReason } from '../chat-tools';
import { elapsedMs } from './chat-request-mapping';
import type { SdkClient } from './lazy-sdk-client';
import { openAiAdapterContext, openAiSdkClient } from './openai-sdk-client';
import {
  callError,
  errorInSuccessfulReply,
  malformedReplyError,
  noTextReplyError,
  type AdapterContext,
} from './provider-failure';

export type OpenAiCompatibleProvider = 'openai' | 'ollama' | 'openai-compatible';

export const defaultOpenAiBaseUrl = 'https://api.openai.com/v1';
export const defaultOllamaBaseUrl = 'http://127.0.0.1:11434/v1';

export interface OpenAiChatModelOptions {
  provider: OpenAiCompatibleProvider;
  model: string;
  /** Optional for `ollama` and `openai-compatible`; no Authorization header is sent without one. */
  apiKey?: string;
  /** Including the `/v1` part. Defaults: OpenAI's API for `openai`, 127.0.0.1:11434 for `ollama`. */
  baseUrl: string;
  /** Environment variable named in auth errors. */
  apiKeyVariable?: string;
  /** SDK-level safety net per HTTP request, in ms; the call policies' timeout is the real one. */
  requestTimeoutMs?: number;
}

const completionReplySchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable().optional(),
          refusal: z.string().nullable().optional(),
          tool_calls: z
            .array(z.object({ id: z.string().optional(), function: z.object({ name: z.string(), arguments: z.string().optional() }).optional() }))
            .nullable()
            .optional(),
          // Servers that still answer in the legacy function-calling form.
          function_call: z.object({ name: z.string(), arguments: z.string().optional() }).nullable().optional(),
        }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().optional(),
      completion_tokens: z.number().optional(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().nullable().optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
});

export class OpenAiChatModel implements ChatModel {
  readonly provider: OpenAiCompatibleProvider;
  readonly model: string;
  readonly spec: string;
  readonly endpoint: string;
  private readonly client: () => Promise<SdkClient<OpenAI>>;
  private readonly context: AdapterContext;

  constructor(options: OpenAiChatModelOptions) {
    this.provider = options.provider;
    this.model = options.model;
    this.spec = `${options.provider}:${options.model}`;
    this.endpoint = options.baseUrl;
    this.context = openAiAdapterContext(options);
    this.client = openAiSdkClient(options);
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const startedAt = performance.now();
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.reasoningEffort !== undefined ? { reasoning_effort: request.reasoningEffort } : {}),
      ...(request.maxOutputTokens !== undefined
        ? // OpenAI's reasoning models reject max_tokens; local servers know only max_tokens.
          this.provider === 'openai'
          ? { max_completion_tokens: request.maxOutputTokens }
          : { max_tokens: request.maxOutputTokens }
        : {}),
      ...(request.jsonSchema
        ? {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: false },
            },
          }
        : {}),
      ...(request.tools && request.tools.length > 0
        ? {
            tools: request.tools.map((tool) => ({
              type: 'function' as const,
              function: { name: tool.name, ...(tool.description !== undefined && { description: tool.description }), parameters: tool.parameters },
            })),
            ...(request.toolChoice && { tool_choice: openAiToolChoice(request.toolChoice) }),
          }
        : {}),
    };
    const { client, readApiError } = await this.client();
    let reply: unknown;
    try {
      reply = await client.chat.completions.create(body, { signal: request.signal });
    } catch (error) {
      throw callError(this.context, error, request.signal, readApiError);
    }
    const reported = errorInSuccessfulReply(this.context, reply);
    if (reported) throw reported;
    const parsed = completionReplySchema.safeParse(reply);
    if (!parsed.success) throw malformedReplyError(this.context, parsed.error.issues[0]?.message ?? 'invalid', reply);
    const [choice] = parsed.data.choices;
    const text = choice.message.content ?? '';
    const toolCalls = replyToolCalls(choice.message);
    if (text.trim() === '' && toolCalls.length === 0) {
      const refusal = choice.message.refusal;
      if (refusal || choice.finish_reason === 'content_filter') {
        const reason = refusal ? `refusal: ${refusal}` : 'finish_reason content_filter';
        throw noTextReplyError(this.context, reason, { refused: true, body: reply });
      }
      const reason =
        choice.finish_reason === 'length'
          ? 'it hit the output token limit; raise maxOutputTokens'
          : `finish_reason ${choice.finish_reason ?? 'none'}`;
      throw noTextReplyError(this.context, reason, { refused: false, body: reply });
    }
    const usage = parsed.data.usage;
    const finishReason = normalizeFinishReason(choice.finish_reason);
    return {
      text,
      ...(toolCalls.length > 0 && { toolCalls }),
      ...(finishReason && { finishReason }),
      usage: {
        inputTokens: usage?.prompt_tokens ?? 0,
        outputTokens: usage?.completion_tokens ?? 0,
        cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
        costUsd: null,
        latencyMs: elapsedMs(startedAt),
      },
    };
  }

}

function openAiToolChoice(choice: ToolChoice): OpenAI.Chat.ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

type ReplyMessage = z.infer<typeof completionReplySchema>['choices'][number]['message'];

/** The calls of a reply: `tool_calls`, or a legacy `function_call`. */
function replyToolCalls(message: ReplyMessage): ToolCall[] {
  const calls = (message.tool_calls ?? []).flatMap((call) => (call.function ? [{ ...(call.id !== undefined && { id: call.id }), name: call.function.name, arguments: call.function.arguments ?? '{}' }] : []));
  if (calls.length === 0 && message.function_call) calls.push({ name: message.function_call.name, arguments: message.function_call.arguments ?? '{}' });
  return calls;
}
