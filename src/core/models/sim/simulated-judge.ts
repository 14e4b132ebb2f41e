import type { SimulatedWorld } from './simulated-world';
import { section } from './prompt-sections';

/** One verdict in the judge contract's `judge_verdicts` schema. */
interface Verdict {
  criterion: string;
  pass: boolean;
  score: number;
  evidence: string;
}

/**
 * Grades the criteria of a judge prompt (`<output>…</output>`, `<criteria>` with one
 * `N. criterion` per line). A criterion tied to a rule passes when the output follows
 * the rule; any other criterion scores the share of the task's rules followed and
 * passes when all are. An output the world does not recognise fails every criterion.
 */
export function simulatedJudgeReply(world: SimulatedWorld, userMessage: string): string {
  const output = section(userMessage, 'output') ?? '';
  const criteria = (section(userMessage, 'criteria') ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+\.\s+/.test(line));
  const recognised = world.recognise(output);
  // Each verdict names its criterion as given ("2. text"), as the judge contract asks.
  const verdicts: Verdict[] = criteria.map((criterion) => {
    if (!recognised) {
      return { criterion, pass: false, score: 0, evidence: 'The simulated judge does not recognise this output as an answer to any task.' };
    }
    const rule = world.ruleForCriterion(criterion);
    if (rule && recognised.task.rules.includes(rule.id)) {
      const pass = recognised.followed.has(rule.id);
      return {
        criterion,
        pass,
        score: pass ? 1 : 0,
        evidence: pass ? `The answer follows the rule: ${rule.instruction}` : `The answer does not follow the rule: ${rule.instruction}`,
      };
    }
    const total = recognised.task.rules.length;
    const followed = recognised.task.rules.filter((id) => recognised.followed.has(id)).length;
    const score = total === 0 ? 1 : followed / total;
    const missing = recognised.task.rules.filter((id) => !recognised.followed.has(id));
    return {
      criterion,
      pass: followed === total,
      score: Math.round(score * 100) / 100,
      evidence: missing.length === 0 ? 'The answer gets every convention right.' : `The answer misses: ${missing.map((id) => world.rule(id)?.instruction ?? id).join(' ')}`,
    };
  });
  return JSON.stringify({ verdicts });
}
