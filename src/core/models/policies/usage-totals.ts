import type { Usage } from '../chat-model';

/** One finished call, as the usage listeners see it. */
export interface UsageEvent {
  /** The model's spec, e.g. `openai:gpt-5-mini`. */
  spec: string;
  /** What the call was for (`rollout`, `judge`, ...); `unlabelled` when the caller gave none. */
  label: string;
  /** Tokens, latency and cost (USD, `null` when unknown) of the call; all zero for a cache hit. */
  usage: Usage;
  /** True when the reply came from the response cache. */
  cached: boolean;
}

export type UsageListener = (event: UsageEvent) => void;

/** Sums over a set of calls. */
export interface UsageSummary {
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Sum of the known costs, USD. */
  costUsd: number;
  /** Calls whose cost is unknown and therefore missing from `costUsd`. */
  unknownCostCalls: number;
  /** Sum of the calls' latencies, ms (cache hits count 0). */
  latencyMs: number;
}

export function emptyUsageSummary(): UsageSummary {
  return { calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, unknownCostCalls: 0, latencyMs: 0 };
}

function addTo(summary: UsageSummary, event: UsageEvent): void {
  summary.calls += 1;
  if (event.cached) summary.cacheHits += 1;
  summary.inputTokens += event.usage.inputTokens;
  summary.outputTokens += event.usage.outputTokens;
  summary.cachedInputTokens += event.usage.cachedInputTokens;
  summary.latencyMs += event.usage.latencyMs;
  if (event.usage.costUsd === null) summary.unknownCostCalls += 1;
  else summary.costUsd += event.usage.costUsd;
}

/**
 * Running totals of a run's calls, overall and per label (role). Feed it from
 * `onUsage`; read it for the status bar, the run log and the CLI summary.
 */
export class UsageTotals {
  private readonly overall = emptyUsageSummary();
  private readonly perLabel = new Map<string, UsageSummary>();

  /** Adds one call; usable directly as a `UsageListener`. */
  readonly add: UsageListener = (event) => {
    addTo(this.overall, event);
    let summary = this.perLabel.get(event.label);
    if (!summary) {
      summary = emptyUsageSummary();
      this.perLabel.set(event.label, summary);
    }
    addTo(summary, event);
  };

  /** Totals over every call. A copy. */
  total(): UsageSummary {
    return { ...this.overall };
  }

  /** Totals per label, in order of first appearance. Copies. */
  byLabel(): Record<string, UsageSummary> {
    return Object.fromEntries([...this.perLabel].map(([label, summary]) => [label, { ...summary }]));
  }

  /** Known cost, or `null` when any call's cost was unknown (so a total is never understated silently). */
  costOrUnknown(): number | null {
    return this.overall.unknownCostCalls > 0 ? null : this.overall.costUsd;
  }
}
