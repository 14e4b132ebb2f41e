/**
 * The one interface through which every model is reached: vendors' APIs, local
 * OpenAI-compatible servers, VS Code's language models, agent CLIs and the simulated
 * world. The trainer and the scorers never know which vendor answers.
 */
import type { AgentTrajectory } from './agent-trajectory';
import type { FinishReason, ToolCall, ToolChoice, ToolDefinition } from './chat-tools';

export type { FinishReason, ToolCall, ToolChoice, ToolDefinition } from './chat-tools';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A skill handed to a target that installs skills itself (agent CLIs). */
export interface SkillPayload {
  /** The skill's `name` (its folder name). */
  name: string;
  /** The full SKILL.md text. */
  text: string;
}

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export const reasoningEfforts: readonly ReasoningEffort[] = ['minimal', 'low', 'medium', 'high'];

/**
 * The thinking budget (tokens) an effort stands for on APIs that take a budget instead
 * of an effort (Anthropic, Google): 0 turns thinking off.
 */
export const thinkingBudgetTokens: Record<ReasoningEffort, number> = { minimal: 0, low: 2_048, medium: 8_192, high: 24_576 };

export interface ChatRequest {
  messages: ChatMessage[];
  /** 0..2; vendors' defaults apply when absent. */
  temperature?: number;
  /** Upper bound on generated tokens. */
  maxOutputTokens?: number;
  /**
   * How hard a reasoning model thinks before answering; the vendor's default when
   * absent. OpenAI-style APIs get `reasoning_effort`; Anthropic and Google get a
   * thinking budget in tokens (see `thinkingBudgetTokens`).
   */
  reasoningEffort?: ReasoningEffort;
  /**
   * Ask for a JSON reply matching this JSON Schema. Adapters use the vendor's JSON or
   * schema mode where it has one; callers still validate the reply.
   */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /**
   * Functions the model may call (a promptfoo suite's provider `tools`). Adapters that
   * can give tools (OpenAI and compatible, Anthropic, Google, the simulated world) send
   * them in their vendor's format and return the calls in `ChatResponse.toolCalls`;
   * the others answer in text.
   */
  tools?: ToolDefinition[];
  /** How the model may use `tools`; the vendor's default (`auto`) when absent. */
  toolChoice?: ToolChoice;
  /**
   * Distinguishes repeated samples of the same call (temperature > 0) so the response
   * cache keeps them apart. Default 0.
   */
  sampleIndex?: number;
  /**
   * A fresh sample: the shared response cache is neither read nor written for this call
   * (training rollouts, as in SkillOpt). Not part of any cache key.
   */
  bypassCache?: boolean;
  /** Only for models with `installsSkills`: the skill to install for this call. */
  skill?: SkillPayload;
  /** Cancels the call whether queued or in flight. */
  signal?: AbortSignal;
  /**
   * What the call is for (`rollout`, `judge`, `reflect`, ...), for usage accounting and
   * logs. Not part of any cache key.
   */
  label?: string;
  /**
   * The run journal's key of this call (unique within the workspace's runs). A queue
   * uses it as the job id, so a call done twice is paid and counted once. Not part of
   * any cache key.
   */
  callKey?: string;
}

/** What one call consumed. Costs are USD; `null` means the price is unknown (never 0). */
export interface Usage {
  /** Every prompt token of the call, including the `cachedInputTokens` among them. */
  inputTokens: number;
  outputTokens: number;
  /** The part of `inputTokens` read from the vendor's prompt cache (billed cheaper). */
  cachedInputTokens: number;
  costUsd: number | null;
  /** Wall time of the call in ms (0 for a cache hit). */
  latencyMs: number;
  /** Agent turns, for agent-CLI targets. */
  turns?: number;
}

export interface ChatResponse {
  /** The reply's text; may be '' when the model only called tools. */
  text: string;
  /** The tools the model called, in order (only for requests with `tools`). */
  toolCalls?: ToolCall[];
  /** Why the model stopped, normalized (`stop`, `length`, `content_filter`, `tool_calls`), when the vendor says. */
  finishReason?: FinishReason;
  usage: Usage;
  /** True when the reply came from the response cache (free and instant). */
  cached?: boolean;
  /**
   * What an agent did to reach `text` (its messages, tool calls and their results), for
   * agent-CLI targets; absent for plain chat APIs. Bounded in size by the adapter.
   */
  trajectory?: AgentTrajectory;
  /**
   * For a reply answered from the response cache or a run's call journal (whose `usage`
   * is zero: nothing was paid): what the call consumed when it was first made. Checks on
   * a reply's cost and latency read it.
   */
  firstUsage?: Usage;
}

export interface ChatModel {
  /** The spec string this model was made from, e.g. `anthropic:claude-sonnet-4-5`. */
  readonly spec: string;
  /** Provider part of the spec (`anthropic`, `openai`, `sim`, ...). */
  readonly provider: string;
  /** Model part of the spec; may be empty for agent CLIs using their default. */
  readonly model: string;
  /**
   * True when the model loads the skill itself from `request.skill` (agent CLIs install
   * it as a file). Otherwise the caller puts the skill into the system message.
   */
  readonly installsSkills?: boolean;
  /** Where an HTTP model's requests go (its base URL), named in errors such as a timeout. */
  readonly endpoint?: string;
  /**
   * True when calls run in another process (queue workers): retries, timeouts and the
   * per-provider limit are applied there, so the local call policies keep only the
   * cache, the budget and the accounting.
   */
  readonly runsElsewhere?: boolean;
  complete(request: ChatRequest): Promise<ChatResponse>;
}

/** Usage of a call that consumed nothing (cache hits, scripted replies). */
export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, latencyMs: 0 };
}
