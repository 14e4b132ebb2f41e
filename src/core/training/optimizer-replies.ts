/**
 * What the optimizer is asked to return at each stage, as zod schemas (validated by
 * completeStructured) and the plain types the stages pass around.
 */
import { z } from 'zod';

/** An edit as the stages carry it: the skill edit plus where it came from, why, and how many patches proposed it. */
export interface ProposedEdit {
  op: string;
  target?: string;
  content?: string;
  source: 'failure' | 'success';
  /** Number of minibatch patches that proposed this edit (1 before merging). */
  support: number;
  /** Why it was proposed, in a sentence or two: the edit's own, else its patch's reasoning. */
  reasoning?: string;
}

/** Longest reasoning an edit keeps (characters); an analyst's whole essay is cut here. */
export const MAX_EDIT_REASONING_LENGTH = 600;

const editSchema = z.object({
  op: z.string().min(1),
  target: z.string().optional().nullable().transform((value) => value ?? undefined),
  content: z.string().optional().nullable().transform((value) => value ?? undefined),
  source: z.enum(['failure', 'success']).optional().catch(undefined),
  support: z.number().int().min(1).optional().catch(undefined),
  /** One short sentence: which failures (or successes) this edit addresses and how. */
  reasoning: z.string().optional().nullable().catch(undefined).transform((value) => value ?? undefined),
});

/** Reflect: one analyst's patch. Schema name `skill_patch`. */
export const skillPatchSchema = z.object({
  /** Failure analyst: each prevalent failure pattern with its type and how many tasks show it. */
  failure_summary: z
    .array(z.object({ failure_type: z.string(), count: z.number().int().min(0), description: z.string() }))
    .optional()
    .catch(undefined),
  /** Success analyst: the common behaviours seen, one line each. */
  success_patterns: z.array(z.string()).optional().catch(undefined),
  /** Skill-aware reflection: reminders of existing rules the target did not follow (execution lapses). */
  appendix_notes: z.array(z.union([z.string(), z.object({ note: z.string().optional(), content: z.string().optional() }).transform((item) => item.note ?? item.content ?? '')])).optional().catch(undefined),
  reasoning: z.string().default(''),
  edits: z.array(editSchema),
});

/** Merge: the combined patch. Schema name `merged_patch`. */
export const mergedPatchSchema = z.object({
  reasoning: z.string().default(''),
  edits: z.array(editSchema),
});

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

/** Autonomous learning-rate control: how many edits to apply. Schema name `edit_count_decision`. */
export const editCountDecisionSchema = z.object({
  learning_rate: z.number().min(0),
  reasoning: z.string().default(''),
  confidence: z.string().optional().catch(undefined),
  risk_notes: z.array(z.string()).optional().catch(undefined),
});

/** `rewrite_from_suggestions`: the rewritten skill. Schema name `skill_rewrite`. */
export const skillRewriteSchema = z.object({
  reasoning: z.string().default(''),
  change_summary: z.array(z.string()).default([]),
  new_skill: z.string(),
});

/** Appendix consolidation: the compacted notes. Schema name `appendix_notes`. */
export const appendixNotesSchema = z.object({ appendix_notes: z.array(z.string()) });

export const schemaNames = {
  reflect: 'skill_patch',
  merge: 'merged_patch',
  rank: 'edit_ranking',
  slowUpdate: 'slow_update_guidance',
  metaSkill: 'meta_skill_memory',
  editCount: 'edit_count_decision',
  appendix: 'appendix_notes',
  rewrite: 'skill_rewrite',
} as const;

type RawEdit = z.output<typeof editSchema>;

/** A reasoning as an edit keeps it: trimmed, cut to MAX_EDIT_REASONING_LENGTH, undefined when empty. */
export function cleanReasoning(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return trimmed.length > MAX_EDIT_REASONING_LENGTH ? `${trimmed.slice(0, MAX_EDIT_REASONING_LENGTH - 1).trimEnd()}…` : trimmed;
}

/**
 * Normalises a model's edit: the source is the analyst's (or the model's, when
 * merging), support at least 1, the edit's own reasoning or else `fallbackReasoning`
 * (the patch's, when reflecting).
 */
export function toProposedEdit(edit: RawEdit, fallbackSource: 'failure' | 'success', fallbackReasoning?: string): ProposedEdit {
  const proposed: ProposedEdit = { op: edit.op, source: edit.source ?? fallbackSource, support: edit.support ?? 1 };
  if (edit.target !== undefined && edit.target !== '') proposed.target = edit.target;
  if (edit.content !== undefined) proposed.content = edit.content;
  const reasoning = cleanReasoning(edit.reasoning) ?? cleanReasoning(fallbackReasoning);
  if (reasoning !== undefined) proposed.reasoning = reasoning;
  return proposed;
}

/** Several reasonings as one: distinct ones in order, joined, cut like any edit reasoning. */
export function combineReasonings(reasonings: readonly (string | undefined)[]): string | undefined {
  const distinct = [...new Set(reasonings.map((reasoning) => reasoning?.trim()).filter((reasoning): reasoning is string => Boolean(reasoning)))];
  return cleanReasoning(distinct.join(' '));
}

function sameText(text: string | undefined): string {
  return (text ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A merge's edits, each with a reasoning: its own when the merger wrote one, else the
 * combined reasonings of the merged patches' edits it stands for (same content, or
 * same operation on the same target).
 */
export function carryReasonings(merged: readonly ProposedEdit[], inputs: readonly ProposedEdit[]): ProposedEdit[] {
  return merged.map((edit) => {
    if (edit.reasoning) return edit;
    const content = sameText(edit.content);
    const matches = inputs.filter(
      (input) => (content !== '' && sameText(input.content) === content) || (edit.target !== undefined && input.op === edit.op && input.target === edit.target),
    );
    const reasoning = combineReasonings(matches.map((input) => input.reasoning));
    return reasoning ? { ...edit, reasoning } : edit;
  });
}

/** An edit as shown to the optimizer in merge and rank prompts. */
export function editForPrompt(edit: ProposedEdit): Record<string, unknown> {
  return {
    op: edit.op,
    ...(edit.target ? { target: edit.target } : {}),
    content: edit.content ?? '',
    source: edit.source,
    support: edit.support,
    ...(edit.reasoning ? { reasoning: edit.reasoning } : {}),
  };
}

/** Edits as a prompt lists them for a choice by index (ranking, the autonomous edit count). */
export function indexedEditsForPrompt(edits: readonly ProposedEdit[]): string {
  return JSON.stringify(edits.map((edit, index) => ({ index, ...editForPrompt(edit) })), null, 2);
}
