/**
 * The three wire formats the mock server speaks: which route belongs to which vendor,
 * how a request body reads as messages, and what replies and errors look like. Only
 * the fields the official SDKs and our adapters read are produced.
 */
import type { MockEnding, MockRequest, MockTool, MockUsage, MockVendor } from './mock-behaviours';

type NormalizedRequest = Pick<MockRequest, 'model' | 'messages' | 'jsonMode' | 'jsonSchema' | 'tools' | 'toolChoice'>;
type Message = MockRequest['messages'][number];

export interface VendorWireFormat {
  vendor: MockVendor;
  /** The model name when the route belongs to this vendor, otherwise undefined. */
  matchRoute(method: string, path: string): { model?: string } | undefined;
  normalize(body: unknown, routeModel: string | undefined): NormalizedRequest;
  /** `ending`: tool calls in the vendor's format, or a reply cut off at the token limit. */
  replyBody(request: MockRequest, text: string, usage: MockUsage, ending?: MockEnding): unknown;
  refusalBody(request: MockRequest, usage: MockUsage): unknown;
  /** `retryDelaySeconds` is used by Gemini's format only (RetryInfo in the body). */
  errorBody(status: number, message: string, retryDelaySeconds?: number): unknown;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Text of a content that is a string or a list of `{type:'text', text}` blocks or `{text}` parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof record(part).text === 'string' ? (record(part).text as string) : '')).join('');
  }
  return '';
}

/** Functions offered in a list, each read by `read` (undefined: not a function). */
function toolsOf(value: unknown, read: (tool: Record<string, unknown>) => MockTool | undefined): MockTool[] {
  return (Array.isArray(value) ? value : []).flatMap((tool) => {
    const found = read(record(tool));
    return found ? [found] : [];
  });
}

const anthropicErrorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

export const anthropicWireFormat: VendorWireFormat = {
  vendor: 'anthropic',
  matchRoute: (method, path) => (method === 'POST' && path === '/v1/messages' ? {} : undefined),
  normalize(body) {
    const fields = record(body);
    const messages: Message[] = [];
    const system = contentText(fields.system);
    if (system) messages.push({ role: 'system', content: system });
    for (const message of Array.isArray(fields.messages) ? fields.messages : []) {
      const role = record(message).role === 'assistant' ? 'assistant' : 'user';
      messages.push({ role, content: contentText(record(message).content) });
    }
    const format = record(record(fields.output_config).format);
    return {
      model: String(fields.model ?? ''),
      messages,
      jsonMode: format.type === 'json_schema',
      jsonSchema: format.schema,
      tools: toolsOf(fields.tools, (tool) => (typeof tool.name === 'string' ? { name: tool.name, description: tool.description as string | undefined, parameters: tool.input_schema } : undefined)),
      toolChoice: fields.tool_choice,
    };
  },
  replyBody(request, text, usage, ending = {}) {
    const calls = (ending.toolCalls ?? []).map((call, index) => ({ type: 'tool_use', id: `toolu_mock_${index}`, name: call.name, input: call.args }));
    return {
      id: `msg_mock_${request.index}`,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [...(text !== '' || calls.length === 0 ? [{ type: 'text', text }] : []), ...calls],
      stop_reason: calls.length > 0 ? 'tool_use' : ending.cutOff ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      usage: {
        // Anthropic's input_tokens leaves out the tokens read from the cache.
        input_tokens: usage.inputTokens - usage.cachedInputTokens,
        output_tokens: usage.outputTokens,
        cache_read_input_tokens: usage.cachedInputTokens,
        cache_creation_input_tokens: 0,
      },
    };
  },
  refusalBody(request, usage) {
    const body = record(this.replyBody(request, '', usage));
    return { ...body, content: [], stop_reason: 'refusal' };
  },
  errorBody(status, message) {
    const type = anthropicErrorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { type: 'error', error: { type, message } };
  },
};

export const openAiWireFormat: VendorWireFormat = {
  vendor: 'openai',
  matchRoute: (method, path) => (method === 'POST' && path === '/v1/chat/completions' ? {} : undefined),
  normalize(body) {
    const fields = record(body);
    const messages: Message[] = [];
    for (const message of Array.isArray(fields.messages) ? fields.messages : []) {
      const role = String(record(message).role);
      const normalizedRole = role === 'system' || role === 'developer' ? 'system' : role === 'assistant' ? 'assistant' : 'user';
      messages.push({ role: normalizedRole, content: contentText(record(message).content) });
    }
    const format = record(fields.response_format);
    return {
      model: String(fields.model ?? ''),
      messages,
      jsonMode: format.type === 'json_schema' || format.type === 'json_object',
      jsonSchema: record(format.json_schema).schema,
      tools: toolsOf(fields.tools, (tool) => {
        const fn = record(tool.function);
        return tool.type === 'function' && typeof fn.name === 'string' ? { name: fn.name, description: fn.description as string | undefined, parameters: fn.parameters } : undefined;
      }),
      toolChoice: fields.tool_choice,
    };
  },
  replyBody(request, text, usage, ending = {}) {
    const calls = (ending.toolCalls ?? []).map((call, index) => ({ id: `call_mock_${index}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } }));
    const message = { role: 'assistant', content: calls.length > 0 && text === '' ? null : text, refusal: null, ...(calls.length > 0 && { tool_calls: calls }) };
    const finishReason = calls.length > 0 ? 'tool_calls' : ending.cutOff ? 'length' : 'stop';
    return {
      id: `chatcmpl-mock-${request.index}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
      usage: {
        prompt_tokens: usage.inputTokens,
        completion_tokens: usage.outputTokens,
        total_tokens: usage.inputTokens + usage.outputTokens,
        prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
      },
    };
  },
  refusalBody(request, usage) {
    const body = record(this.replyBody(request, '', usage));
    return {
      ...body,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, refusal: 'I cannot help with that (mock).' },
          finish_reason: 'content_filter',
          logprobs: null,
        },
      ],
    };
  },
  errorBody(status, message) {
    const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
    return { error: { message, type, param: null, code: status === 401 ? 'invalid_api_key' : null } };
  },
};

const googleStatusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export const googleWireFormat: VendorWireFormat = {
  vendor: 'google',
  matchRoute(method, path) {
    const match = /^\/v1(?:beta)?\/models\/([^/:]+):generateContent$/.exec(path);
    return method === 'POST' && match ? { model: decodeURIComponent(match[1]) } : undefined;
  },
  normalize(body, routeModel) {
    const fields = record(body);
    const messages: Message[] = [];
    const system = contentText(record(fields.systemInstruction).parts);
    if (system) messages.push({ role: 'system', content: system });
    for (const content of Array.isArray(fields.contents) ? fields.contents : []) {
      const role = record(content).role === 'model' ? 'assistant' : 'user';
      messages.push({ role, content: contentText(record(content).parts) });
    }
    const generation = record(fields.generationConfig);
    return {
      model: routeModel ?? '',
      messages,
      jsonMode: generation.responseMimeType === 'application/json',
      jsonSchema: generation.responseJsonSchema ?? generation.responseSchema,
      tools: (Array.isArray(fields.tools) ? fields.tools : []).flatMap((tool) =>
        toolsOf(record(tool).functionDeclarations, (declaration) =>
          typeof declaration.name === 'string'
            ? { name: declaration.name, description: declaration.description as string | undefined, parameters: declaration.parametersJsonSchema ?? declaration.parameters }
            : undefined,
        ),
      ),
      toolChoice: fields.toolConfig,
    };
  },
  replyBody(request, text, usage, ending = {}) {
    const calls = (ending.toolCalls ?? []).map((call) => ({ functionCall: { name: call.name, args: call.args } }));
    const parts = [...(text !== '' || calls.length === 0 ? [{ text }] : []), ...calls];
    return {
      // Gemini ends a reply with calls with STOP too.
      candidates: [{ content: { role: 'model', parts }, finishReason: ending.cutOff ? 'MAX_TOKENS' : 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: usage.inputTokens,
        candidatesTokenCount: usage.outputTokens,
        totalTokenCount: usage.inputTokens + usage.outputTokens,
        cachedContentTokenCount: usage.cachedInputTokens,
      },
      modelVersion: request.model,
      responseId: `mock-${request.index}`,
    };
  },
  refusalBody(_request, usage) {
    return {
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: usage.inputTokens, totalTokenCount: usage.inputTokens },
    };
  },
  errorBody(status, message, retryDelaySeconds) {
    const details =
      retryDelaySeconds !== undefined
        ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` }]
        : [];
    const statusName = googleStatusNames[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
    return { error: { code: status, message, status: statusName, details } };
  },
};

export const vendorWireFormats: VendorWireFormat[] = [anthropicWireFormat, openAiWireFormat, googleWireFormat];
