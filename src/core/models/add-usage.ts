import type { Usage } from './chat-model';

/** Sums usages (latencies too, ms); an unknown cost anywhere makes the cost unknown. */
export function addUsage(total: Usage, usage: Usage | undefined): Usage {
  if (!usage) return total;
  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    cachedInputTokens: total.cachedInputTokens + usage.cachedInputTokens,
    costUsd: total.costUsd === null || usage.costUsd === null ? null : total.costUsd + usage.costUsd,
    latencyMs: total.latencyMs + usage.latencyMs,
  };
}
