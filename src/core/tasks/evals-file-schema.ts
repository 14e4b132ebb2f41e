import { z } from 'zod';
import { assertionSpecSchema } from './assertion-spec-schema';

/**
 * The evals.json format: the Agent Skills eval format `{skill_name, evals: [{id, prompt,
 * expected_output?, files?}]}` (skill-creator's `expectations` included) (and its `assertions` variant) plus `split`,
 * `rubric`, `assert`, `description`, `draft` and `sim` per task and `sim` per file. Every
 * message says what to write instead.
 */

const criterionText = z
  .string({ error: 'must be a string: a criterion the judge can check, e.g. "Mentions the 30-day refund window"' })
  .trim()
  .min(1, { error: 'is empty; write the criterion as a sentence the judge can check' });

/**
 * skill-creator variants write `assertions` instead of `expectations`, as strings or as
 * grading records `{"text": "...", "passed": null, "evidence": ""}`; both are criteria.
 */
const assertionCriterionSchema = z.union(
  [criterionText, z.object({ text: criterionText }).loose().transform((record) => record.text)],
  { error: 'must be a statement the judge checks, as a string or {"text": "..."}; typed checks such as {"type": "contains"} go in "assert"' },
);

const softCriterionSchema = z.object(
  {
    criterion: criterionText,
    weight: z
      .number({ error: 'must be a number greater than 0, e.g. 2 (relative weight; default 1)' })
      .positive({ error: 'must be greater than 0, e.g. 2 (relative weight; default 1); remove the criterion to drop it' })
      .default(1),
  },
  { error: 'must be an object {"criterion": "...", "weight": 1}' },
);

const rubricSchema = z.object(
  {
    hard: z.array(criterionText, { error: 'must be a list of criteria strings (each must pass)' }).default([]),
    soft: z.array(softCriterionSchema, { error: 'must be a list of {"criterion": "...", "weight": 1} objects' }).default([]),
  },
  { error: 'must be an object {"hard": ["..."], "soft": [{"criterion": "...", "weight": 1}]}' },
);

const taskSchema = z.object(
  {
    id: z.union([z.string().trim().min(1, { error: 'is empty; give every task a unique non-empty "id"' }), z.number()], {
      error: (issue) =>
        issue.input === undefined
          ? 'is missing: give every task a unique "id" (a number or a string)'
          : 'must be a non-empty string or a number, unique within the file',
    }),
    prompt: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'is missing: every task needs a "prompt", the message the target model receives'
            : 'must be a string: the message the target model receives',
      })
      .refine((prompt) => prompt.trim() !== '', { error: 'is empty; write the message the target model receives' }),
    expected_output: z.string({ error: 'must be a string describing or showing a good answer' }).optional(),
    files: z.array(z.string({ error: 'must be a path relative to the skill folder' }), {
      error: 'must be a list of paths relative to the skill folder, e.g. ["evals/files/input.csv"]',
    }).optional(),
    split: z.enum(['train', 'val', 'test'], { error: 'must be "train", "val" or "test" (or leave it out for a seeded split)' }).optional(),
    rubric: rubricSchema.optional(),
    expectations: z.array(criterionText, { error: 'must be a list of statements the judge checks (each must hold)' }).optional(),
    assertions: z.array(assertionCriterionSchema, { error: 'must be a list of statements the judge checks (each must hold)' }).optional(),
    assert: z.array(assertionSpecSchema, { error: 'must be a list of assertions, e.g. [{"type": "contains", "value": "refund"}]' }).optional(),
    description: z.string({ error: 'must be a string' }).optional(),
    /** A drafted task nobody reviewed yet; training and evaluation refuse the file until it is gone. */
    draft: z
      .boolean({ error: 'must be true (a drafted task nobody reviewed yet) or left out; `skill-trainer tasks accept` removes it' })
      .optional(),
    sim: z.unknown().optional(),
  },
  { error: 'must be an object with at least "id" and "prompt"' },
);

export const evalsFileSchema = z.object(
  {
    skill_name: z.string({ error: 'must be a string: the skill\'s name' }).optional(),
    evals: z
      .array(taskSchema, {
        error: (issue) =>
          issue.input === undefined
            ? 'is missing: the file needs "evals", a list of tasks such as [{"id": 1, "prompt": "..."}]'
            : 'must be a list of tasks such as [{"id": 1, "prompt": "..."}]',
      })
      .min(1, { error: 'has no tasks; add at least one {"id": 1, "prompt": "..."}' }),
    sim: z.unknown().optional(),
  },
  { error: 'must be a JSON object {"skill_name": "...", "evals": [...]}' },
);

export type EvalsFile = z.output<typeof evalsFileSchema>;

/** Keys each level of the file may have; anything else is warned about and ignored. */
export const knownEvalsKeys = {
  root: ['skill_name', 'evals', 'sim', '$schema'],
  task: ['id', 'prompt', 'expected_output', 'files', 'split', 'rubric', 'expectations', 'assertions', 'assert', 'description', 'draft', 'sim'],
  rubric: ['hard', 'soft'],
  softCriterion: ['criterion', 'weight'],
  assertion: ['type', 'value', 'weight', 'threshold'],
} as const;
