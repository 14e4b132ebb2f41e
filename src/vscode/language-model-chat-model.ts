/**
 * A `ChatModel` over VS Code's language models (`vscode.lm`: GitHub Copilot and any
 * extension contributing models), for `copilot:<model>` specs. No key is needed;
 * the person consents once, in a dialog VS Code shows on the first request.
 */
import * as vscode from 'vscode';
import { emptyUsage, type ChatMessage, type ChatModel, type ChatRequest, type ChatResponse, type ToolCall, type Usage } from '../core/models/chat-model';
import { argumentsText } from '../core/models/chat-tools';
import { CallAbortedError, ProviderCallError } from '../core/models/model-errors';
import { estimateTextTokens } from '../core/models/policies/request-size';
import type { LanguageModelCatalog } from './language-model-catalog';

/** The provider part of the specs this model serves. */
export const LANGUAGE_MODEL_PROVIDER = 'copilot';

/** Shown in VS Code's consent dialog: why Skill Trainer asks for the model. */
export const LANGUAGE_MODEL_JUSTIFICATION =
  'Skill Trainer runs your skill\'s eval tasks, grades them and proposes edits to SKILL.md with this model while you train or evaluate a skill.';

export interface LanguageModelChatModelOptions {
  /** The model part of the spec: a model id or family, e.g. `gpt-4o`. */
  model: string;
  catalog: LanguageModelCatalog;
  justification?: string;
}

/**
 * Calls a VS Code language model. System messages become a leading user message
 * (the API has no system role); a requested JSON schema becomes an instruction,
 * since the API has no JSON mode (callers validate replies anyway). The caller's
 * AbortSignal cancels the request through a CancellationTokenSource. A request's tools
 * are given through the API's `tools` option, and the calls come back from the stream. The first
 * request runs alone, so the consent dialog appears once, not once per parallel call.
 */
export class LanguageModelChatModel implements ChatModel {
  readonly provider = LANGUAGE_MODEL_PROVIDER;
  readonly spec: string;
  readonly model: string;
  private readonly catalog: LanguageModelCatalog;
  private readonly justification: string;
  /** Settles when the first request (the one that may ask for consent) has. */
  private firstRequest: Promise<unknown> | undefined;

  constructor(options: LanguageModelChatModelOptions) {
    this.model = options.model;
    this.spec = `${LANGUAGE_MODEL_PROVIDER}:${options.model}`;
    this.catalog = options.catalog;
    this.justification = options.justification ?? LANGUAGE_MODEL_JUSTIFICATION;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    if (request.signal?.aborted) throw new CallAbortedError(`${this.spec} call`);
    if (!this.firstRequest) {
      const first = this.send(request);
      this.firstRequest = first.catch(() => undefined);
      return first;
    }
    await this.firstRequest;
    return this.send(request);
  }

  private async send(request: ChatRequest): Promise<ChatResponse> {
    const chat = await this.catalog.find(this.model);
    if (!chat) {
      const available = (await this.catalog.models()).map((model) => `${LANGUAGE_MODEL_PROVIDER}:${model.id}`);
      throw new ProviderCallError({
        provider: this.provider,
        kind: 'bad_request',
        message:
          `VS Code offers no language model '${this.model}' (${this.spec}). ` +
          (available.length > 0
            ? `Available: ${available.join(', ')}. Set skillTrainer.target/optimizer/judge to one of them.`
            : 'No language models are available: sign in to GitHub Copilot (or install an extension that provides models), or pick another provider in the skillTrainer.target setting.'),
      });
    }
    const messages = toLanguageModelMessages(request);
    const cancellation = new vscode.CancellationTokenSource();
    const onAbort = () => cancellation.cancel();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await chat.sendRequest(messages, { justification: this.justification, ...languageModelTools(request) }, cancellation.token);
      let text = '';
      const toolCalls: ToolCall[] = [];
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) text += part.value;
        else if (part instanceof vscode.LanguageModelToolCallPart) toolCalls.push({ id: part.callId, name: part.name, arguments: argumentsText(part.input) });
      }
      if (request.signal?.aborted) throw new CallAbortedError(`${this.spec} call`);
      const usage = await this.usage(chat, messages, toolCalls.length > 0 ? `${text}${JSON.stringify(toolCalls)}` : text, cancellation.token);
      // VS Code does not say why a model stopped, except that it stopped to call tools.
      return { text, ...(toolCalls.length > 0 && { toolCalls, finishReason: 'tool_calls' }), usage };
    } catch (error) {
      if (request.signal?.aborted || error instanceof vscode.CancellationError) throw new CallAbortedError(`${this.spec} call`);
      throw languageModelFailure(this.spec, error);
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      cancellation.dispose();
    }
  }

  /** Token counts from the model's own tokenizer (local, cheap); a length estimate if that fails. */
  private async usage(chat: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], text: string, token: vscode.CancellationToken): Promise<Usage> {
    const count = async (value: string | vscode.LanguageModelChatMessage, fallback: string) => {
      try {
        return await chat.countTokens(value, token);
      } catch {
        return estimateTextTokens(fallback);
      }
    };
    let inputTokens = 0;
    for (const message of messages) inputTokens += await count(message, messageText(message));
    // Priced by the price table or settings; VS Code bills through the person's plan.
    return { ...emptyUsage(), costUsd: null, inputTokens, outputTokens: await count(text, text) };
  }
}

function messageText(message: vscode.LanguageModelChatMessage): string {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/**
 * The request's tools as the language-model API takes them. `required` is VS Code's
 * Required mode; a named tool is given alone in that mode (the mode wants one tool);
 * `none` gives no tools.
 */
export function languageModelTools(request: Pick<ChatRequest, 'tools' | 'toolChoice'>): Pick<vscode.LanguageModelChatRequestOptions, 'tools' | 'toolMode'> {
  const choice = request.toolChoice;
  if (!request.tools || request.tools.length === 0 || choice === 'none') return {};
  const named = typeof choice === 'object' ? request.tools.filter((tool) => tool.name === choice.name) : [];
  const tools = (named.length > 0 ? named : request.tools).map((tool) => ({ name: tool.name, description: tool.description ?? '', inputSchema: tool.parameters }));
  const required = choice === 'required' || named.length > 0;
  return { tools, ...(required && { toolMode: vscode.LanguageModelChatToolMode.Required }) };
}

/** The request as language-model messages: system text first, as a user message. */
export function toLanguageModelMessages(request: ChatRequest): vscode.LanguageModelChatMessage[] {
  const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
  if (request.jsonSchema) {
    system.push(
      `Reply with one JSON object only, no prose and no code fence, matching this JSON Schema (${request.jsonSchema.name}):\n` +
        JSON.stringify(request.jsonSchema.schema),
    );
  }
  const conversation = request.messages.filter((message): message is ChatMessage & { role: 'user' | 'assistant' } => message.role !== 'system');
  const messages: vscode.LanguageModelChatMessage[] = [];
  if (system.length > 0) messages.push(vscode.LanguageModelChatMessage.User(system.join('\n\n')));
  for (const message of conversation) {
    messages.push(
      message.role === 'user'
        ? vscode.LanguageModelChatMessage.User(message.content)
        : vscode.LanguageModelChatMessage.Assistant(message.content),
    );
  }
  return messages;
}

/**
 * A failed language-model request as a ProviderCallError, whose kind decides retries:
 * no consent and unknown models are not retried; a block (quota, rate limit) is.
 */
export function languageModelFailure(spec: string, error: unknown): ProviderCallError {
  const provider = LANGUAGE_MODEL_PROVIDER;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof vscode.LanguageModelError) {
    switch (error.code) {
      case vscode.LanguageModelError.NoPermissions.name:
        return new ProviderCallError({
          provider,
          kind: 'auth',
          cause: error,
          message: `Skill Trainer may not use ${spec}: access was not granted (${detail}). Run the command again and choose "Allow" when VS Code asks, or allow it under Accounts → Manage Language Model Access.`,
        });
      case vscode.LanguageModelError.Blocked.name:
        return new ProviderCallError({
          provider,
          kind: 'rate_limit',
          cause: error,
          message: `${spec} refused the request: its quota or rate limit is reached (${detail}). Wait and resume the run, or choose another model.`,
        });
      case vscode.LanguageModelError.NotFound.name:
        return new ProviderCallError({
          provider,
          kind: 'bad_request',
          cause: error,
          message: `${spec} no longer exists (${detail}). Choose another model in the skillTrainer.target, optimizer or judge setting.`,
        });
      default: {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
        return new ProviderCallError({ provider, kind: 'other', cause: error, message: `${spec} failed (${error.code}): ${detail}${cause}` });
      }
    }
  }
  return new ProviderCallError({ provider, kind: 'other', cause: error, message: `${spec} failed: ${detail}` });
}
