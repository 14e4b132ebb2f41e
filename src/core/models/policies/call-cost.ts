import type { Usage } from '../chat-model';
import { lookupPrice, type ModelPrice, type PriceOverrides } from './price-table';

/**
 * Providers whose adapters cannot know a price: vendor APIs (only the table knows) and
 * local servers or gateways (free or priced elsewhere). Unknown unless priced.
 */
const unpricedProviders: ReadonlySet<string> = new Set(['anthropic', 'openai', 'google', 'ollama', 'openai-compatible']);

/** Agent CLIs report their own, more complete cost (many turns, cache writes). */
const agentProviders: ReadonlySet<string> = new Set(['claude-code', 'codex', 'gemini-cli']);

/** Tokens of one call, in the shape the price needs. */
export interface TokenCounts {
  /** All prompt tokens, including the cached ones. */
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

/** USD for `tokens` at `price`. Cached input tokens are a part of `inputTokens`. */
export function costAtPrice(price: ModelPrice, tokens: TokenCounts): number {
  const cached = Math.min(tokens.cachedInputTokens ?? 0, tokens.inputTokens);
  const uncached = tokens.inputTokens - cached;
  const cachedPrice = price.cachedInputUsdPerMillion ?? price.inputUsdPerMillion;
  return (uncached * price.inputUsdPerMillion + cached * cachedPrice + tokens.outputTokens * price.outputUsdPerMillion) / 1_000_000;
}

/**
 * The cost of a finished call in USD, or `null` when unknown:
 * 1. the simulated world (`sim`) is free;
 * 2. a price from settings wins;
 * 3. an agent CLI's own reported cost comes next (it covers every turn and cache writes);
 * 4. then the built-in price table;
 * 5. vendor APIs and local providers without a price are unknown, whatever the adapter
 *    said; any other model (VS Code language models, scripted test models) keeps the
 *    cost it reported.
 */
export function resolveCallCost(provider: string, model: string, usage: Usage, overrides?: PriceOverrides): number | null {
  if (provider === 'sim') return 0;
  const priced = lookupPrice(provider, model, overrides);
  if (priced?.source === 'override') return costAtPrice(priced.price, usage);
  const reported = typeof usage.costUsd === 'number' && Number.isFinite(usage.costUsd) ? usage.costUsd : null;
  if (agentProviders.has(provider) && reported !== null) return reported;
  if (priced) return costAtPrice(priced.price, usage);
  if (unpricedProviders.has(provider)) return null;
  return reported;
}

/**
 * Upper-bound cost of a call before it is sent, for the budget tracker and the pre-run
 * estimate; `null` when the price is unknown.
 */
export function estimateCallCost(
  provider: string,
  model: string,
  tokens: TokenCounts,
  overrides?: PriceOverrides,
): number | null {
  if (provider === 'sim') return 0;
  const priced = lookupPrice(provider, model, overrides);
  return priced ? costAtPrice(priced.price, tokens) : null;
}
