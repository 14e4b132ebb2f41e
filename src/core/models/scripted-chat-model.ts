import { type ChatModel, type ChatRequest, type ChatResponse, emptyUsage } from './chat-model';
import { CallAbortedError } from './model-errors';

/** Computes a reply from the request; `callIndex` counts from 0 over all calls. */
export type ScriptedResponder = (request: ChatRequest, callIndex: number) => string | ChatResponse | Promise<string | ChatResponse>;

/**
 * One queued reply: text, a full response (usage, cached), a function of the request,
 * or an error to throw (e.g. a ProviderCallError to test retries).
 */
export type ScriptedReply = string | ChatResponse | Error | ScriptedResponder;

export interface ScriptedChatModelOptions {
  /** Default `scripted:model`. */
  spec?: string;
  installsSkills?: boolean;
  /** Answers calls once the queue is empty; without it such a call throws. */
  fallback?: ScriptedResponder;
}

/**
 * A ChatModel for tests: replies come from a queue, in order, and every request is
 * recorded in `calls` (with the signal and label as given).
 */
export class ScriptedChatModel implements ChatModel {
  readonly spec: string;
  readonly provider: string;
  readonly model: string;
  readonly installsSkills?: boolean;
  /** Every request received, in order, including ones that were answered with an error. */
  readonly calls: ChatRequest[] = [];
  private readonly queue: ScriptedReply[];
  private readonly fallback?: ScriptedResponder;

  constructor(replies: readonly ScriptedReply[] = [], options: ScriptedChatModelOptions = {}) {
    this.spec = options.spec ?? 'scripted:model';
    const colon = this.spec.indexOf(':');
    this.provider = colon < 0 ? this.spec : this.spec.slice(0, colon);
    this.model = colon < 0 ? '' : this.spec.slice(colon + 1);
    this.installsSkills = options.installsSkills;
    this.queue = [...replies];
    this.fallback = options.fallback;
  }

  /** Adds replies to the end of the queue. */
  enqueue(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Replies still queued. */
  get pendingReplies(): number {
    return this.queue.length;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const callIndex = this.calls.length;
    this.calls.push(request);
    if (request.signal?.aborted) throw new CallAbortedError(`Scripted call ${callIndex + 1}`);
    const reply = this.queue.length > 0 ? this.queue.shift() : this.fallback;
    if (reply === undefined) {
      throw new Error(
        `ScriptedChatModel ${this.spec} has no reply queued for call ${callIndex + 1}` +
          `${request.label ? ` (label '${request.label}')` : ''}; enqueue one or give a fallback.`,
      );
    }
    if (reply instanceof Error) throw reply;
    const produced = typeof reply === 'function' ? await reply(request, callIndex) : reply;
    return typeof produced === 'string' ? { text: produced, usage: emptyUsage() } : produced;
  }
}
