/**
 * Stage 2, reflect: failures and successes are shuffled with the seed, cut into
 * minibatches, and each minibatch goes to one optimizer call (the failure analyst or
 * the success analyst), several at once. A reply that cannot be parsed even after
 * completeStructured's corrective retry makes that minibatch contribute nothing: the
 * run goes on, and the patch is reported as unparsable so the log shows it.
 */
import type { z } from 'zod';
import type { ChatModel } from '../models/chat-model';
import { askOptimizer } from './ask-optimizer';
import { shuffleWithSeed } from '../tasks/seeded-random';
import { mapWithConcurrency } from './map-with-concurrency';
import { schemaNames, skillPatchSchema, toProposedEdit, type ProposedEdit } from './optimizer-replies';
import { fitEvidence, rolloutEvidence } from './optimizer-evidence';
import { modeSection, type SkillUpdateMode } from './skill-update-modes';
import { metaSkillBlock, renderPrompt, stepHistoryBlock } from './prompt-templates';
import type { RolloutResult } from './rollout-stage';

export interface MinibatchPatch {
  source: 'failure' | 'success';
  /** 0-based index among the minibatches of its source. */
  minibatch: number;
  taskIds: string[];
  reasoning: string;
  edits: ProposedEdit[];
  /** Why the reply was discarded, when it could not be parsed. */
  unparsable?: string;
  /** The failure analyst's prevalent patterns, each with its type and task count. */
  failureSummary?: Array<{ failureType: string; count: number; description: string }>;
  /** Skill-aware reflection: reminders for the appendix (execution lapses). */
  appendixNotes?: string[];
}

export interface ReflectOptions {
  skill: string;
  results: readonly RolloutResult[];
  /** Edits each analyst may propose (Infinity: no cap, and the prompt names none). */
  budget: number;
  minibatchSize: number;
  concurrency: number;
  failureOnly: boolean;
  /** Seeds the minibatch shuffle (the step's seed). */
  seed: string;
  /** This epoch's step history (failure patterns, rejected edits), formatted; may be empty. */
  stepHistory: string;
  metaSkill: string;
  /** Skill-aware reflection: analysts also class failures and write appendix notes for execution lapses. */
  skillAware?: boolean;
  /** What the analysts propose: edits (default), revision suggestions or a whole new skill. */
  updateMode?: SkillUpdateMode;
  optimizer: ChatModel;
  signal?: AbortSignal;
  onPatch?: (patch: MinibatchPatch) => void;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** The reflect prompt of one minibatch. */
export function reflectMessages(options: ReflectOptions, source: 'failure' | 'success', batch: readonly RolloutResult[]) {
  const failure = source === 'failure';
  // No budget line when there is no budget to respect.
  const budgetBlock = Number.isFinite(options.budget) ? `<edit_budget>${options.budget}</edit_budget>\nPropose at most ${options.budget} edits.\n\n` : '';
  const user = renderPrompt('reflectUser', {
    metaSkill: metaSkillBlock(options.metaSkill),
    skill: options.skill,
    budgetBlock,
    buffer: stepHistoryBlock(options.stepHistory),
    heading: failure ? 'Failed tasks' : 'Successful tasks',
    count: batch.length,
    tasks: fitEvidence(batch.map((result) => rolloutEvidence(result, failure))).texts.join('\n\n'),
  });
  const system = renderPrompt(failure ? 'reflectFailureSystem' : 'reflectSuccessSystem', {});
  const skillAware = options.skillAware ? `\n\n${renderPrompt(failure ? 'skillAwareFailure' : 'skillAwareSuccess', {})}` : '';
  return [
    { role: 'system' as const, content: system + modeSection(options.updateMode ?? 'patch', 'analyst') + skillAware },
    { role: 'user' as const, content: user },
  ];
}

type SkillPatchReply = z.output<typeof skillPatchSchema>;

/** A minibatch's patch from its analyst's reply. */
function patchFrom(reply: SkillPatchReply, base: Pick<MinibatchPatch, 'source' | 'minibatch' | 'taskIds'>, minibatchSize: number, options: ReflectOptions): MinibatchPatch {
  // Like SkillOpt, an analyst that overshoots the budget is cut to it, and each edit's
  // support is the number of trajectories its analyst read (the minibatch's size).
  // An edit without its own reasoning inherits the patch's.
  const edits = reply.edits.map((edit) => ({ ...toProposedEdit(edit, base.source, reply.reasoning), source: base.source, support: minibatchSize }));
  const patch: MinibatchPatch = { ...base, reasoning: reply.reasoning, edits: Number.isFinite(options.budget) ? edits.slice(0, options.budget) : edits };
  const notes = (reply.appendix_notes ?? []).map((note) => note.trim()).filter((note) => note !== '');
  if (options.skillAware && notes.length > 0) patch.appendixNotes = notes;
  if (reply.failure_summary?.length) patch.failureSummary = reply.failure_summary.map((entry) => ({ failureType: entry.failure_type, count: entry.count, description: entry.description }));
  return patch;
}

export async function reflect(options: ReflectOptions): Promise<MinibatchPatch[]> {
  const failures = shuffleWithSeed(options.results.filter((result) => result.score.hard === 0), `${options.seed}:failures`);
  const successes = options.failureOnly
    ? []
    : shuffleWithSeed(options.results.filter((result) => result.score.hard === 1), `${options.seed}:successes`);
  const jobs = [
    ...chunk(failures, options.minibatchSize).map((batch, minibatch) => ({ source: 'failure' as const, minibatch, batch })),
    ...chunk(successes, options.minibatchSize).map((batch, minibatch) => ({ source: 'success' as const, minibatch, batch })),
  ];
  return mapWithConcurrency(jobs, options.concurrency, async (job) => {
    const base = { source: job.source, minibatch: job.minibatch, taskIds: job.batch.map((result) => result.task.id) };
    const [system, user] = reflectMessages(options, job.source, job.batch);
    const answer = await askOptimizer(options.optimizer, { label: 'reflect', signal: options.signal, system: system.content, user: user.content }, skillPatchSchema, schemaNames.reflect);
    const patch: MinibatchPatch = answer.ok ? patchFrom(answer.reply, base, job.batch.length, options) : { ...base, reasoning: '', edits: [], unparsable: answer.error.message };
    options.onPatch?.(patch);
    return patch;
  });
}
