/**
 * Stage 3, aggregate: failure patches and success patches are merged separately, in
 * groups, level by level (the groups of one level at once) until one patch remains;
 * then one final merge where failure edits win conflicts. A merge reply that cannot be
 * parsed falls back to concatenating the group's edits.
 */
import type { ChatModel } from '../models/chat-model';
import { askOptimizer } from './ask-optimizer';
import { mapWithConcurrency } from './map-with-concurrency';
import { carryReasonings, editForPrompt, mergedPatchSchema, schemaNames, toProposedEdit, type ProposedEdit } from './optimizer-replies';
import { metaSkillBlock, renderPrompt } from './prompt-templates';
import { modeSection, type SkillUpdateMode } from './skill-update-modes';

export interface AggregateOptions {
  skill: string;
  /** Edits of each failure patch (patches without edits are left out by the caller). */
  failurePatches: ProposedEdit[][];
  successPatches: ProposedEdit[][];
  groupSize: number;
  concurrency: number;
  metaSkill: string;
  /** Suggestions and whole-skill candidates merge like edits, with their own instructions. */
  updateMode?: SkillUpdateMode;
  optimizer: ChatModel;
  signal?: AbortSignal;
}

export interface AggregateOutcome {
  edits: ProposedEdit[];
  mergeCalls: number;
  /** Merges whose reply could not be parsed and were concatenated instead. */
  fallbacks: number;
}

type Group = 'failure' | 'success' | 'final';

const systemPrompts = { failure: 'mergeFailureSystem', success: 'mergeSuccessSystem', final: 'mergeFinalSystem' } as const;

/** The patches as the merger sees them: the final merge names its two groups and their priority. */
function patchesForPrompt(group: Group, patches: ProposedEdit[][], level: number): { title: string; patches: string } {
  if (group === 'final') {
    const [failure, success] = patches;
    return {
      title: 'Final merge: failure-driven edits (high priority) and success-driven edits (lower priority)',
      patches: JSON.stringify([
        { group: 'failure-driven (high priority)', edits: failure.map(editForPrompt) },
        { group: 'success-driven (lower priority)', edits: (success ?? []).map(editForPrompt) },
      ], null, 2),
    };
  }
  return {
    title: `Patches to merge (${patches.length} ${group} patches, merge level ${level}; higher levels already merged more analysts)`,
    patches: JSON.stringify(patches.map((edits) => ({ edits: edits.map(editForPrompt) })), null, 2),
  };
}

async function mergeGroup(options: AggregateOptions, group: Group, patches: ProposedEdit[][], level: number, counters: { calls: number; fallbacks: number }): Promise<ProposedEdit[]> {
  counters.calls += 1;
  const fallbackSource = group === 'success' ? 'success' : 'failure';
  const answer = await askOptimizer(
    options.optimizer,
    {
      label: 'merge',
      signal: options.signal,
      system: renderPrompt(systemPrompts[group], {}) + modeSection(options.updateMode ?? 'patch', 'merge'),
      user: renderPrompt('mergeUser', { metaSkill: metaSkillBlock(options.metaSkill), skill: options.skill, ...patchesForPrompt(group, patches, level) }),
    },
    mergedPatchSchema,
    schemaNames.merge,
  );
  if (!answer.ok) {
    counters.fallbacks += 1;
    return group === 'final'
      ? [...patches[0], ...(patches[1] ?? [])] // failure first, then success
      : patches.flat();
  }
  // The merger keeps or combines each edit's reasoning; one it dropped comes back from the edits it merged.
  return carryReasonings(
    answer.reply.edits.map((edit) => toProposedEdit(edit, fallbackSource)),
    patches.flat(),
  );
}

/** Merges the patches of one source level by level until one is left. */
async function hierarchicalMerge(options: AggregateOptions, group: 'failure' | 'success', patches: ProposedEdit[][], counters: { calls: number; fallbacks: number }): Promise<ProposedEdit[]> {
  let current = patches.filter((edits) => edits.length > 0);
  if (current.length === 0) return [];
  let level = 0;
  while (current.length > 1) {
    level += 1;
    const groups: ProposedEdit[][][] = [];
    for (let index = 0; index < current.length; index += options.groupSize) groups.push(current.slice(index, index + options.groupSize));
    current = await mapWithConcurrency(groups, options.concurrency, (members) =>
      members.length === 1 ? Promise.resolve(members[0]) : mergeGroup(options, group, members, level, counters),
    );
  }
  return current[0];
}

export async function aggregatePatches(options: AggregateOptions): Promise<AggregateOutcome> {
  const counters = { calls: 0, fallbacks: 0 };
  const [failureEdits, successEdits] = await Promise.all([
    hierarchicalMerge(options, 'failure', options.failurePatches, counters),
    hierarchicalMerge(options, 'success', options.successPatches, counters),
  ]);
  let edits: ProposedEdit[];
  if (failureEdits.length === 0) edits = successEdits;
  else if (successEdits.length === 0) edits = failureEdits;
  else edits = await mergeGroup(options, 'final', [failureEdits, successEdits], 0, counters);
  return { edits, mergeCalls: counters.calls, fallbacks: counters.fallbacks };
}
