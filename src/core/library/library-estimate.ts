/**
 * The pre-run estimate of a library run: each skill's expected calls, tokens and cost
 * (the same plan a single run's estimate uses), their sum, and which skills fit the
 * library's cost cap when they are paid for in queue order.
 */
import type { PriceOverrides } from '../models/policies/price-table';
import { estimateRun, type RunEstimate } from '../models/policies/run-estimate';
import { planTrainingCalls } from '../training/training-call-plan';
import { resolveTrainingConfig } from '../training/training-config';
import type { PreparedLibrarySkill } from './prepare-library-run';

export interface LibrarySkillEstimate {
  name: string;
  skillPath: string;
  estimate: RunEstimate;
  /**
   * Whether the skill's estimate still fits the library's cap after the skills before
   * it (`null` when a price is unknown; always true without a cap). Its own per-run cap
   * applies too: `fitsRunCap` says whether the estimate is below it.
   */
  fitsLibraryCap: boolean | null;
  fitsRunCap: boolean | null;
}

export interface LibraryEstimate {
  skills: LibrarySkillEstimate[];
  calls: number;
  tokens: number;
  /** USD; null when any skill's cost is unknown. */
  costUsd: number | null;
  /** Skills that fit every cap, by name. */
  fitting: string[];
}

/** Estimates the skills that will train (queued ones); the others cost nothing. */
export function estimateLibraryRun(skills: readonly PreparedLibrarySkill[], options: { prices?: PriceOverrides; maxCostUsd?: number }): LibraryEstimate {
  const estimates: LibrarySkillEstimate[] = [];
  let costSoFar: number | null = 0;
  let calls = 0;
  let tokens = 0;
  for (const skill of skills) {
    if (skill.outcome.status !== 'queued' || !skill.loaded || !skill.settings) continue;
    const estimate = estimateRun({
      roles: planTrainingCalls({ skillText: skill.loaded.skillText, tasks: skill.loaded.tasks, config: resolveTrainingConfig(skill.settings.training), specs: skill.settings.models }),
      prices: options.prices,
    });
    calls += estimate.calls;
    tokens += estimate.inputTokens + estimate.outputTokens;
    costSoFar = costSoFar === null || estimate.costUsd === null ? null : costSoFar + estimate.costUsd;
    const fitsLibraryCap = options.maxCostUsd === undefined ? true : costSoFar === null ? null : costSoFar <= options.maxCostUsd;
    const runCap = skill.settings.maxCostUsd;
    const fitsRunCap = runCap === undefined ? true : estimate.costUsd === null ? null : estimate.costUsd <= runCap;
    estimates.push({ name: skill.name, skillPath: skill.skillPath, estimate, fitsLibraryCap, fitsRunCap });
  }
  return {
    skills: estimates,
    calls,
    tokens,
    costUsd: costSoFar,
    fitting: estimates.filter((entry) => entry.fitsLibraryCap === true && entry.fitsRunCap === true).map((entry) => entry.name),
  };
}
