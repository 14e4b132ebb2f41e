/**
 * `google:<model>` through the official `@google/genai` SDK (Gemini API,
 * `generateContent`). JSON mode: `responseMimeType: 'application/json'` with the
 * schema as `responseJsonSchema`, which takes standard JSON Schema (the older
 * `responseSchema` takes only an OpenAPI subset and rejects common keywords).
 */
import type { ApiError, FunctionCallingConfigMode, GoogleGenAI } from '@google/genai';
import { z } from 'zod';
import { thinkingBudgetTokens, type ChatModel, type ChatRequest, type ChatResponse, type ToolCall, type ToolChoice } from '../chat-model';
import { argumentsText, normalizeFinishReason } from '../chat-tools';
import { elapsedMs, splitSystemMessages } from './chat-request-mapping';
import { googleCallError, withoutSdkFields } from './google-failure';
import { googleSdkClient, observingFetch } from './google-sdk-client';
import { malformedReplyError, noTextReplyError, type AdapterContext } from './provider-failure';

export const defaultGoogleBaseUrl = 'https://generativelanguage.googleapis.com';

export interface GoogleChatModelOptions {
  model: string;
  apiKey: string;
  /** Default https://generativelanguage.googleapis.com (the SDK adds `/v1beta/models/...`). */
  baseUrl?: string;
  /** SDK-level safety net per HTTP request, in ms; the call policies' timeout is the real one. */
  requestTimeoutMs?: number;
}

const generateContentReplySchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z
          .object({
            parts: z
              .array(
                z.object({
                  text: z.string().optional(),
                  thought: z.boolean().optional(),
                  functionCall: z.object({ id: z.string().optional(), name: z.string().optional(), args: z.unknown().optional() }).optional(),
                }),
              )
              .optional(),
          })
          .optional(),
        finishReason: z.string().optional(),
      }),
    )
    .optional(),
  promptFeedback: z.object({ blockReason: z.string().optional() }).optional(),
  usageMetadata: z
    .object({
      promptTokenCount: z.number().optional(),
      candidatesTokenCount: z.number().optional(),
      thoughtsTokenCount: z.number().optional(),
      cachedContentTokenCount: z.number().optional(),
    })
    .optional(),
});

export class GoogleChatModel implements ChatModel {
  readonly provider = 'google';
  readonly model: string;
  readonly spec: string;
  readonly endpoint: string;
  private readonly client: () => Promise<{ client: GoogleGenAI; ApiError: typeof ApiError }>;
  private readonly context: AdapterContext;

  constructor(options: GoogleChatModelOptions) {
    this.model = options.model;
    this.spec = `google:${options.model}`;
    const baseUrl = options.baseUrl ?? defaultGoogleBaseUrl;
    this.endpoint = baseUrl;
    this.context = {
      spec: this.spec,
      provider: this.provider,
      model: options.model,
      baseUrl,
      apiKeyVariable: 'GEMINI_API_KEY',
      secret: options.apiKey,
    };
    this.client = googleSdkClient({ apiKey: options.apiKey, baseUrl, requestTimeoutMs: options.requestTimeoutMs });
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const startedAt = performance.now();
    const { system, turns } = splitSystemMessages(request.messages);
    const observed = observingFetch();
    const { client, ApiError: sdkApiError } = await this.client();
    let reply: unknown;
    try {
      reply = await client.models.generateContent({
        model: this.model,
        contents: turns.map((turn) => ({ role: turn.role === 'assistant' ? 'model' : 'user', parts: [{ text: turn.content }] })),
        config: {
          ...(system ? { systemInstruction: system } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
          ...(request.reasoningEffort !== undefined ? { thinkingConfig: { thinkingBudget: thinkingBudgetTokens[request.reasoningEffort] } } : {}),
          ...(request.jsonSchema ? { responseMimeType: 'application/json', responseJsonSchema: request.jsonSchema.schema } : {}),
          ...(request.tools && request.tools.length > 0
            ? {
                // parametersJsonSchema takes standard JSON Schema (parameters only an OpenAPI subset).
                tools: [{ functionDeclarations: request.tools.map((tool) => ({ name: tool.name, ...(tool.description !== undefined && { description: tool.description }), parametersJsonSchema: tool.parameters })) }],
                ...(request.toolChoice && { toolConfig: { functionCallingConfig: googleToolChoice(request.toolChoice) } }),
              }
            : {}),
          abortSignal: request.signal,
          httpOptions: { fetch: observed.fetch },
        },
      });
    } catch (error) {
      throw googleCallError(this.context, error, request.signal, sdkApiError, observed.lastResponse());
    }
    const parsed = generateContentReplySchema.safeParse(reply);
    if (!parsed.success) throw malformedReplyError(this.context, parsed.error.issues[0]?.message ?? 'invalid', withoutSdkFields(reply));
    const { candidates, promptFeedback, usageMetadata } = parsed.data;
    if (!candidates?.length && !promptFeedback?.blockReason) {
      // The SDK keeps only the fields it knows, so an `{"error": …}` body arrives here empty.
      throw malformedReplyError(this.context, 'no candidates and no promptFeedback', withoutSdkFields(reply));
    }
    const candidate = candidates?.[0];
    const text = (candidate?.content?.parts ?? [])
      .filter((part) => !part.thought)
      .map((part) => part.text ?? '')
      .join('');
    const toolCalls: ToolCall[] = (candidate?.content?.parts ?? []).flatMap((part) =>
      part.functionCall?.name !== undefined ? [{ ...(part.functionCall.id !== undefined && { id: part.functionCall.id }), name: part.functionCall.name, arguments: argumentsText(part.functionCall.args) }] : [],
    );
    if (text.trim() === '' && toolCalls.length === 0) {
      const body = withoutSdkFields(reply);
      if (promptFeedback?.blockReason) {
        throw noTextReplyError(this.context, `prompt blocked: ${promptFeedback.blockReason}`, { refused: true, body });
      }
      const finishReason = candidate?.finishReason ?? 'none';
      // Withheld (safety, recitation, blocklist, …), not just empty.
      if (normalizeFinishReason(finishReason) === 'content_filter') {
        throw noTextReplyError(this.context, `finishReason ${finishReason}`, { refused: true, body });
      }
      const reason =
        finishReason === 'MAX_TOKENS' ? 'it hit the output token limit; raise maxOutputTokens' : `finishReason ${finishReason}`;
      throw noTextReplyError(this.context, reason, { refused: false, body });
    }
    // Gemini says STOP after calling a function; promptfoo's checks expect tool_calls then.
    const finishReason = toolCalls.length > 0 && candidate?.finishReason === 'STOP' ? 'tool_calls' : normalizeFinishReason(candidate?.finishReason);
    return {
      text,
      ...(toolCalls.length > 0 && { toolCalls }),
      ...(finishReason && { finishReason }),
      usage: {
        // promptTokenCount already includes the cached tokens; thinking is billed as output.
        inputTokens: usageMetadata?.promptTokenCount ?? 0,
        outputTokens: (usageMetadata?.candidatesTokenCount ?? 0) + (usageMetadata?.thoughtsTokenCount ?? 0),
        cachedInputTokens: usageMetadata?.cachedContentTokenCount ?? 0,
        costUsd: null,
        latencyMs: elapsedMs(startedAt),
      },
    };
  }

}

function googleToolChoice(choice: ToolChoice): { mode: FunctionCallingConfigMode; allowedFunctionNames?: string[] } {
  if (typeof choice === 'object') return { mode: 'ANY' as FunctionCallingConfigMode, allowedFunctionNames: [choice.name] };
  return { mode: (choice === 'required' ? 'ANY' : choice.toUpperCase()) as FunctionCallingConfigMode };
}
