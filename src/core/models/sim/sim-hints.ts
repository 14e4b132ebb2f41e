/**
 * The hints the simulated world reads from an `evals/evals.json` (documented in
 * skills/README.md): rules a good answer follows, each with the key phrase that makes
 * the simulated target follow it once the skill states it; harmful and useless rules
 * the simulated optimizer sometimes proposes; and per task an output template.
 */
import { z } from 'zod';
import { SkillTrainerError } from '../../errors';

const phrase = z.string().trim().min(2);

export const simRuleSchema = z.object({
  /** Used in task templates: `{{id|followed text|violated text}}`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and hyphens'),
  /** The target follows the rule only when the skill contains this phrase (case-insensitive). */
  phrase,
  /** What the simulated optimizer writes into the skill; must contain `phrase`. */
  instruction: z.string().min(1),
  /** The rubric criterion (exact text) that checks this rule, for the simulated judge. */
  criterion: z.string().min(1).optional(),
});

export const simHarmfulRuleSchema = z.object({
  id: z.string().min(1),
  phrase,
  instruction: z.string().min(1),
  /** Rules the target stops following while the skill states this phrase. */
  breaks: z.array(z.string()).min(1),
});

export const simUselessRuleSchema = z.object({ id: z.string().min(1), phrase, instruction: z.string().min(1) });

export const simFileHintsSchema = z.object({
  rules: z.array(simRuleSchema).min(1),
  harmful: z.array(simHarmfulRuleSchema).default([]),
  useless: z.array(simUselessRuleSchema).default([]),
});

export const simTaskHintsSchema = z.object({
  /** The target's answer, with `{{rule-id|followed|violated}}` slots. */
  output: z.string().min(1),
  /**
   * Chance (0..1) that one sample of the answer slips on the task's first rule even when
   * the skill states it: a flaky task, for trials and diagnostics. Decided per sample
   * index, so repeated trials differ and a rerun of the same trial does not.
   */
  flakiness: z.number().min(0).max(1).optional(),
});

export type SimRule = z.infer<typeof simRuleSchema>;
export type SimHarmfulRule = z.infer<typeof simHarmfulRuleSchema>;
export type SimUselessRule = z.infer<typeof simUselessRuleSchema>;
export type SimFileHints = z.infer<typeof simFileHintsSchema>;

/** Hints that do not validate: names the file, the JSON path and the fix. */
export class SimulationHintError extends SkillTrainerError {
  constructor(source: string, path: string, problem: string) {
    super(
      'sim_hints_invalid',
      `The simulated-world hints in ${source} are invalid at ${path}: ${problem}. ` +
        'See "Hints for the simulated world" in skills/README.md for the format.',
    );
  }
}

function describeIssues(error: z.ZodError): { path: string; problem: string } {
  const issue = error.issues[0];
  return { path: issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join(''), problem: issue.message };
}

/** Validates file-level hints (`sim` at the top of evals.json). */
export function parseFileHints(value: unknown, source: string): SimFileHints {
  if (value === undefined) {
    throw new SimulationHintError(source, '$.sim', 'missing; a skill needs rule hints to be trained in the simulated world');
  }
  const parsed = simFileHintsSchema.safeParse(value);
  if (!parsed.success) {
    const { path, problem } = describeIssues(parsed.error);
    throw new SimulationHintError(source, `$.sim${path}`, problem);
  }
  const hints = parsed.data;
  const all = [...hints.rules, ...hints.harmful, ...hints.useless];
  const seen = new Set<string>();
  all.forEach((rule) => {
    if (seen.has(rule.id)) throw new SimulationHintError(source, '$.sim', `rule id '${rule.id}' is used twice`);
    seen.add(rule.id);
    if (!rule.instruction.toLowerCase().includes(rule.phrase.toLowerCase())) {
      throw new SimulationHintError(source, `$.sim (rule '${rule.id}')`, `its instruction must contain its phrase '${rule.phrase}'`);
    }
  });
  for (const harmful of hints.harmful) {
    for (const broken of harmful.breaks) {
      if (!hints.rules.some((rule) => rule.id === broken)) {
        throw new SimulationHintError(source, `$.sim.harmful (rule '${harmful.id}')`, `it breaks '${broken}', which is not a rule`);
      }
    }
  }
  return hints;
}

/** Validates a task's hints (`sim` on one task). */
export function parseTaskHints(value: unknown, source: string, taskId: string): z.infer<typeof simTaskHintsSchema> {
  const parsed = simTaskHintsSchema.safeParse(value);
  if (!parsed.success) {
    const { path, problem } = describeIssues(parsed.error);
    throw new SimulationHintError(source, `task '${taskId}' sim${path}`, problem);
  }
  return parsed.data;
}
