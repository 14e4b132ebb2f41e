import { parseModelSpec } from '../model-spec';
import { estimateCallCost } from './call-cost';
import type { PriceOverrides } from './price-table';

/** The expected calls of one role in a run, as the algorithm's parameters imply them. */
export interface RoleCallPlan {
  /** The role's model spec, e.g. `anthropic:claude-sonnet-4-5`. */
  spec: string;
  /** Expected number of calls. */
  calls: number;
  /** Typical prompt tokens per call (skill + task + instructions). */
  inputTokensPerCall: number;
  /** Typical reply tokens per call. */
  outputTokensPerCall: number;
}

/** Input of `estimateRun`: the plan per role (`target`, `judge`, `optimizer`, ...). */
export interface RunEstimateInput {
  roles: Record<string, RoleCallPlan>;
  /** Prices from settings, over the built-in table. */
  prices?: PriceOverrides;
}

/** Expected totals of one role. */
export interface RoleEstimate {
  spec: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD; `null` when the role's price is unknown. */
  costUsd: number | null;
}

/** What the UI shows before a run starts. */
export interface RunEstimate {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD; `null` when any role's price is unknown (a partial sum would understate). */
  costUsd: number | null;
  perRole: Record<string, RoleEstimate>;
  /** Specs without a price, to name in the UI ("set a price in settings"). */
  unpricedSpecs: string[];
}

/**
 * Expected calls × typical tokens × prices, per role and in total. Cached replies
 * and early stops make real runs cheaper; retries and longer replies make them dearer.
 */
export function estimateRun(input: RunEstimateInput): RunEstimate {
  const perRole: Record<string, RoleEstimate> = {};
  const unpriced = new Set<string>();
  let calls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd: number | null = 0;
  for (const [role, plan] of Object.entries(input.roles)) {
    const roleCalls = Math.max(0, Math.round(plan.calls));
    const roleInput = roleCalls * Math.max(0, plan.inputTokensPerCall);
    const roleOutput = roleCalls * Math.max(0, plan.outputTokensPerCall);
    const { provider, model } = parseModelSpec(plan.spec);
    const roleCost =
      roleCalls === 0 ? 0 : estimateCallCost(provider, model, { inputTokens: roleInput, outputTokens: roleOutput }, input.prices);
    if (roleCost === null) unpriced.add(plan.spec);
    perRole[role] = { spec: plan.spec, calls: roleCalls, inputTokens: roleInput, outputTokens: roleOutput, costUsd: roleCost };
    calls += roleCalls;
    inputTokens += roleInput;
    outputTokens += roleOutput;
    costUsd = costUsd === null || roleCost === null ? null : costUsd + roleCost;
  }
  return { calls, inputTokens, outputTokens, costUsd, perRole, unpricedSpecs: [...unpriced] };
}
