/**
 * The adjacent-epoch comparison behind the slow update and the meta skill: the same
 * train tasks run under the previous epoch's skill and the current one, each task
 * classed improved / regressed / persistent failure / stable success. The pair policy
 * (SkillOpt's `longitudinal_pair_policy`) keeps all pairs (`mixed`), only the tasks
 * whose outcome changed (`changed`, topped up from the rest of the train split), or
 * only those whose outcome did not (`unchanged`).
 */
import { fitEvidence, formatChecks, type EvidenceBlock } from './optimizer-evidence';
import type { RolloutResult } from './rollout-stage';
import { COMPARISON_TRAJECTORY_BOUNDS, formatTrajectory } from './trajectory-evidence';

export type PairCategory = 'improved' | 'regressed' | 'persistent_failure' | 'stable_success';

export type PairPolicy = 'mixed' | 'changed' | 'unchanged';

export const pairPolicies: readonly PairPolicy[] = ['mixed', 'changed', 'unchanged'];

export interface ComparisonPair {
  taskId: string;
  category: PairCategory;
  previous: RolloutResult;
  current: RolloutResult;
}

/** Pairs the two rollouts task by task (tasks scored in both only). */
export function comparisonPairs(previous: readonly RolloutResult[], current: readonly RolloutResult[]): ComparisonPair[] {
  const before = new Map(previous.map((result) => [result.task.id, result]));
  const pairs: ComparisonPair[] = [];
  for (const after of current) {
    const prior = before.get(after.task.id);
    if (!prior) continue;
    const was = prior.score.hard === 1;
    const is = after.score.hard === 1;
    const category: PairCategory = !was && is ? 'improved' : was && !is ? 'regressed' : is ? 'stable_success' : 'persistent_failure';
    pairs.push({ taskId: after.task.id, category, previous: prior, current: after });
  }
  return pairs;
}

export function categoryCounts(pairs: readonly ComparisonPair[]): Record<PairCategory, number> {
  const counts: Record<PairCategory, number> = { improved: 0, regressed: 0, persistent_failure: 0, stable_success: 0 };
  for (const pair of pairs) counts[pair.category] += 1;
  return counts;
}

/** The pairs a policy keeps. */
export function filterPairs(pairs: readonly ComparisonPair[], policy: PairPolicy): ComparisonPair[] {
  if (policy === 'mixed') return [...pairs];
  const changed = (pair: ComparisonPair) => pair.category === 'improved' || pair.category === 'regressed';
  return pairs.filter((pair) => (policy === 'changed' ? changed(pair) : !changed(pair)));
}

const categoryOrder: PairCategory[] = ['regressed', 'persistent_failure', 'improved', 'stable_success'];

/**
 * Both epochs' trajectories of an agent target, as SkillOpt shows them for every pair
 * but a stable success; tighter than the reflect prompt's, since a comparison shows two
 * per task.
 */
function pairTrajectories(pair: ComparisonPair): [string, string] {
  if (pair.category === 'stable_success') return ['', ''];
  const shown = (result: RolloutResult) => formatTrajectory(result.trajectory, result.output, COMPARISON_TRAJECTORY_BOUNDS) ?? '';
  return [shown(pair.previous), shown(pair.current)];
}

function pairEvidence(pair: ComparisonPair): EvidenceBlock {
  const { previous, current } = pair;
  const reference = current.task.expectedOutput;
  const files = current.files ?? [];
  const [beforeTrajectory, afterTrajectory] = pairTrajectories(pair);
  const trajectories = [beforeTrajectory, afterTrajectory].filter((text) => text !== '');
  return {
    fields: [current.task.prompt, ...files.map((file) => file.content), previous.output, current.output, ...(reference ? [reference] : []), ...trajectories].map((text) => ({ text })),
    render: (texts) => {
      const [prompt, ...rest] = texts;
      const fileBlocks = files.map((file, index) => `<input_file path="${file.path}">\n${rest[index]}\n</input_file>\n`).join('');
      const [before, after, ...more] = rest.slice(files.length);
      const referenceText = reference ? more.shift() : undefined;
      // Each trajectory, as fitted, where the pair has one.
      const fittedBefore = beforeTrajectory ? more.shift() : '';
      const fittedAfter = afterTrajectory ? more.shift() : '';
      const verdict = (result: RolloutResult) => `${result.score.hard ? 'PASS' : 'FAIL'} (soft ${result.score.soft.toFixed(2)})`;
      return (
        `<pair id="${pair.taskId}" category="${pair.category}">\n<prompt>\n${prompt}\n</prompt>\n${fileBlocks}` +
        `<previous_epoch verdict="${verdict(previous)}">\n${fittedBefore}<answer>\n${before}\n</answer>\n<checks>\n${formatChecks(previous, false)}\n</checks>\n</previous_epoch>\n` +
        `<current_epoch verdict="${verdict(current)}">\n${fittedAfter}<answer>\n${after}\n</answer>\n<checks>\n${formatChecks(current, false)}\n</checks>\n</current_epoch>\n` +
        (reference ? `<reference_answer>\n${referenceText}\n</reference_answer>\n` : '') +
        '</pair>'
      );
    },
  };
}

/** The comparison as tagged blocks, regressions first (they matter most), within the evidence budget. */
export function formatComparison(pairs: readonly ComparisonPair[], budget?: number): string {
  if (pairs.length === 0) return '(no comparison available)';
  const sorted = [...pairs].sort((a, b) => categoryOrder.indexOf(a.category) - categoryOrder.indexOf(b.category));
  return fitEvidence(sorted.map(pairEvidence), budget).texts.join('\n\n');
}
