/**
 * The drafting model's reply, checked with zod. Each message tells the model what to
 * write instead, since a reply that fails is sent back to it once with the problems.
 */
import { z } from 'zod';
import { assertionSpecSchema } from '../assertion-spec-schema';

/** Schema name of the drafting call (the simulated world answers by it). */
export const DRAFT_SCHEMA_NAME = 'eval_task_drafts';

/** The kinds of task a draft covers. */
export const DRAFT_KINDS = ['main', 'edge', 'near-miss'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

const text = (what: string) => z.string({ error: `must be a string: ${what}` }).trim().min(1, { error: `is empty; write ${what}` });

/** Assertions a draft may carry: deterministic ones only (no code runs from a draft nobody read). */
const draftAssertionSchema = assertionSpecSchema.refine((spec) => !/^(not-)?javascript$/.test(spec.type), {
  error: 'javascript assertions are not allowed in drafts; use contains, regex, is-json, max-words and the like, or a rubric criterion',
});

export const draftedTaskSchema = z
  .object({
    id: text('a short slug naming the task, e.g. "refund-after-30-days"'),
    kind: z.enum(DRAFT_KINDS, { error: 'must be "main", "edge" or "near-miss"' }),
    description: text('one sentence saying what the task checks'),
    prompt: text('the request exactly as a user would send it'),
    expected_output: z.string({ error: 'must be a string: a short example of a good answer' }).optional(),
    rubric: z.object({
      hard: z.array(text('a pass/fail criterion the judge can check from the answer alone'), { error: 'must be a list of criteria strings' }).default([]),
      soft: z
        .array(
          z.object({
            criterion: text('a quality criterion graded 0..1'),
            weight: z.number({ error: 'must be a number from 1 to 3' }).min(0.1).max(10).default(1),
          }),
          { error: 'must be a list of {"criterion": "...", "weight": 1}' },
        )
        .default([]),
    }),
    assert: z.array(draftAssertionSchema, { error: 'must be a list of assertions such as {"type": "contains", "value": "..."}' }).default([]),
    /** Hints for the simulated world; only its drafter writes them. */
    sim: z.unknown().optional(),
  })
  .refine((task) => task.rubric.hard.length + task.assert.length > 0, {
    error: 'has nothing that must pass: give it at least one hard criterion or one assertion',
  });

export const draftReplySchema = z.object({
  tasks: z.array(draftedTaskSchema, { error: 'must be a list of tasks' }).min(1, { error: 'is empty; draft at least one task' }),
  /** File-level hints for the simulated world; only its drafter writes them. */
  sim: z.unknown().optional(),
});

export type DraftedTask = z.output<typeof draftedTaskSchema>;
export type DraftReply = z.output<typeof draftReplySchema>;
