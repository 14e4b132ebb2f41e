/**
 * What the optimizer is asked to return at each stage, as zod schemas (validated by
 * completeStructured) and the plain types the stages pass around.
 */
import { z } from 'zod';

/** An edit as the stages carry it: the skill edit plus where it came from and how many patches proposed it. */
export interface ProposedEdit {
  op: string;
  target?: string;
  content?: string;
  source: 'failure' | 'success';
  /** Number of minibatch patches that proposed this edit (1 before merging). */
  support: number;
}

const editSchema = z.object({
  op: z.string().min(1),
  target: z.string().optional().nullable().transform((value) => value ?? undefined),
  content: z.string().optional().nullable().transform((value) => value ?? undefined),
  source: z.enum(['failure', 'success']).optional().catch(undefined),
  support: z.number().int().min(1).optional().catch(undefined),
});

/** Reflect: one analyst's patch. Schema name `skill_patch`. */
export const skillPatchSchema = z.object({
  reasoning: z.string().default(''),
  edits: z.array(editSchema),
});

/** Merge: the combined patch. Schema name `merged_patch`. */
export const mergedPatchSchema = skillPatchSchema;

/** Select: indices of the edits to keep, best first. Schema name `edit_ranking`. */
export const editRankingSchema = z.object({
  reasoning: z.string().default(''),
  selected: z.array(z.number()),
});

/** Slow update: the new guidance of the protected region. Schema name `slow_update_guidance`. */
export const slowUpdateSchema = z.object({
  reasoning: z.string().default(''),
  previous_guidance_verdict: z.string().default(''),
  guidance: z.string(),
});

/** Meta skill: the optimizer's memory for the next epoch. Schema name `meta_skill_memory`. */
export const metaSkillSchema = z.object({
  reasoning: z.string().default(''),
  memory: z.string(),
});

export const schemaNames = {
  reflect: 'skill_patch',
  merge: 'merged_patch',
  rank: 'edit_ranking',
  slowUpdate: 'slow_update_guidance',
  metaSkill: 'meta_skill_memory',
} as const;

type RawEdit = z.output<typeof editSchema>;

/** Normalises a model's edit: the source is the analyst's (or the model's, when merging), support at least 1. */
export function toProposedEdit(edit: RawEdit, fallbackSource: 'failure' | 'success'): ProposedEdit {
  const proposed: ProposedEdit = { op: edit.op, source: edit.source ?? fallbackSource, support: edit.support ?? 1 };
  if (edit.target !== undefined && edit.target !== '') proposed.target = edit.target;
  if (edit.content !== undefined) proposed.content = edit.content;
  return proposed;
}

/** An edit as shown to the optimizer in merge and rank prompts. */
export function editForPrompt(edit: ProposedEdit): Record<string, unknown> {
  return { op: edit.op, ...(edit.target ? { target: edit.target } : {}), content: edit.content ?? '', source: edit.source, support: edit.support };
}
