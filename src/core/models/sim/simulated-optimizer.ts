/**
 * The simulated optimizer: answers the training prompts (reflect, merge, rank, slow
 * update, meta skill) in their schemas, from the tagged sections of the prompt and the
 * world's rule hints. Deterministic given the world's seed.
 */
import { hashString, seededUnitValue } from '../../tasks/seeded-random';
import { elements, jsonSection, section } from './prompt-sections';
import type { SimulatedWorld } from './simulated-world';

/** An edit or item as the simulated optimizer reads and writes it. */
export interface Edit {
  op: string;
  target?: string;
  content?: string;
  source?: 'failure' | 'success';
  support?: number;
  reasoning?: string;
}

function bullet(instruction: string): string {
  return `- ${instruction}`;
}

function firstHeading(skill: string): string | undefined {
  return skill.split('\n').find((line) => /^##\s+\S/.test(line))?.trim();
}

/** Phrases already rejected this epoch or flagged by the optimizer's memory. */
function avoided(world: SimulatedWorld, history: string): (phrase: string) => boolean {
  return (phrase) => world.states(history, phrase);
}

export function simulatedReflectReply(world: SimulatedWorld, user: string): string {
  const skill = section(user, 'skill') ?? '';
  const budgetText = section(user, 'edit_budget') ?? '4';
  const budget = /^\d+$/.test(budgetText) ? Number(budgetText) : Number.POSITIVE_INFINITY;
  const history = `${section(user, 'step_history') ?? ''}\n${section(user, 'meta_skill') ?? ''}`;
  const isAvoided = avoided(world, history);
  const tasks = elements(user, 'task')
    .map((element) => world.findTaskById(element.attributes.id ?? ''))
    .filter((task) => task !== undefined);
  const failure = /##\s*Failed tasks/i.test(user);
  const source = failure ? 'failure' : 'success';
  const key = `reflect:${source}:${tasks.map((task) => task.task.id).join(',')}:${hashString(skill)}`;
  const draw = seededUnitValue(world.seed, key);
  const heading = firstHeading(skill);

  const edits: Edit[] = [];
  const notes: string[] = [];
  if (failure) {
    const support = new Map<string, number>();
    for (const task of tasks) for (const rule of world.missingRules(task, skill)) support.set(rule, (support.get(rule) ?? 0) + 1);
    const order = world.hints.rules.map((rule) => rule.id);
    const ranked = [...support.entries()].sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]));
    for (const [id, count] of ranked.slice(0, Math.max(0, budget))) {
      const rule = world.rule(id)!;
      // Mostly appends; the best-supported rule goes right under the first heading.
      const anchored = edits.length === 0 && heading !== undefined && !world.states(skill, rule.phrase);
      const note = `${count} of ${tasks.length} failed tasks break the convention "${rule.phrase}", which the skill does not state`;
      const reasoning = `${note.charAt(0).toUpperCase()}${note.slice(1)}.`;
      edits.push(
        anchored
          ? { op: 'insert_after', target: heading, content: bullet(rule.instruction), source, reasoning }
          : { op: 'append', content: bullet(rule.instruction), source, reasoning },
      );
      notes.push(note);
    }
  }
  const harmful = world.hints.harmful.filter((rule) => !world.states(skill, rule.phrase) && !isAvoided(rule.phrase));
  const useless = world.hints.useless.filter((rule) => !world.states(skill, rule.phrase) && !isAvoided(rule.phrase));
  const slip = (rule: { instruction: string; phrase: string }, why: string): void => {
    const edit: Edit = { op: 'append', content: bullet(rule.instruction), source, reasoning: `${why.charAt(0).toUpperCase()}${why.slice(1)}.` };
    if (edits.length >= budget && edits.length > 0) edits[edits.length - 1] = edit;
    else if (budget > 0) edits.push(edit);
    notes.push(why);
  };
  if (failure && draw < world.harmfulRate && harmful.length > 0) {
    const rule = harmful[Math.floor(seededUnitValue(world.seed, `${key}:harmful`) * harmful.length)];
    slip(rule, `the outputs look inconsistent; a firmer convention ("${rule.phrase}") should help`);
  } else if (draw < world.harmfulRate + world.uselessRate && useless.length > 0) {
    const rule = useless[Math.floor(seededUnitValue(world.seed, `${key}:useless`) * useless.length)];
    slip(rule, `good answers could also ${rule.phrase}`);
  }
  const reasoning =
    notes.length > 0 ? `Across these ${tasks.length} tasks: ${notes.join('; ')}.` : `Nothing in these ${tasks.length} tasks calls for a change to the skill.`;
  return JSON.stringify({ reasoning, edits });
}

function editKey(edit: Edit): string {
  return (edit.content ?? '').toLowerCase().replace(/\s+/g, ' ').trim() || `${edit.op}:${edit.target ?? ''}`;
}

export function simulatedMergeReply(user: string): string {
  const patches = jsonSection<Array<{ edits?: Edit[] }>>(user, 'patches') ?? [];
  const merged = new Map<string, Edit>();
  const touched = new Set<string>();
  for (const patch of patches) {
    for (const edit of patch.edits ?? []) {
      const key = editKey(edit);
      const existing = merged.get(key);
      if (existing) {
        existing.support = (existing.support ?? 1) + (edit.support ?? 1);
        if (edit.source === 'failure') existing.source = 'failure';
        if (edit.reasoning && edit.reasoning !== existing.reasoning) existing.reasoning = existing.reasoning ? `${existing.reasoning} ${edit.reasoning}` : edit.reasoning;
        continue;
      }
      if ((edit.op === 'replace' || edit.op === 'delete') && edit.target) {
        if (touched.has(edit.target)) continue;
        touched.add(edit.target);
      }
      merged.set(key, { ...edit, support: edit.support ?? 1 });
    }
  }
  const edits = [...merged.values()].sort(
    (a, b) => Number(b.source === 'failure') - Number(a.source === 'failure') || (b.support ?? 1) - (a.support ?? 1),
  );
  return JSON.stringify({ reasoning: `Merged ${patches.length} patches into ${edits.length} distinct edits; duplicates were combined and their support added.`, edits });
}

export function simulatedRankReply(user: string): string {
  const pool = jsonSection<Edit[]>(user, 'edit_pool') ?? [];
  const budget = Number(section(user, 'budget') ?? pool.length);
  const order = pool
    // Failure-driven edits first, then by the trajectories behind them.
    .map((edit, index) => ({ index, weight: (edit.source === 'failure' ? 1_000_000 : 0) + (edit.support ?? 1) }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .slice(0, budget)
    .map((entry) => entry.index);
  return JSON.stringify({ reasoning: 'Kept the edits with the most support, failures first.', selected: order });
}

export function simulatedSlowUpdateReply(world: SimulatedWorld, user: string): string {
  const current = section(user, 'current_skill') ?? '';
  const previous = section(user, 'previous_guidance') ?? '';
  const pairs = elements(user, 'pair');
  const focus = pairs.filter((pair) => pair.attributes.category === 'regressed' || pair.attributes.category === 'persistent_failure');
  const counts = new Map<string, number>();
  for (const pair of focus) {
    const task = world.findTaskById(pair.attributes.id ?? '');
    if (task) for (const rule of world.missingRules(task, current)) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  const kept = previous
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('- ') && !world.hints.harmful.some((rule) => world.states(line, rule.phrase)));
  const added = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([id]) => bullet(world.rule(id)!.instruction))
    .filter((line) => !kept.includes(line));
  const guidance = [...kept, ...added].join('\n');
  const improved = pairs.filter((pair) => pair.attributes.category === 'improved').length;
  return JSON.stringify({
    reasoning: `${focus.length} of ${pairs.length} tasks still fail or regressed; ${added.length} conventions behind them are not stated yet.`,
    previous_guidance_verdict:
      kept.length === 0 ? 'There was no earlier guidance to keep.' : `The earlier guidance held (${improved} tasks improved); it is kept.`,
    guidance,
  });
}

export function simulatedMetaSkillReply(world: SimulatedWorld, user: string): string {
  const previous = (section(user, 'previous_memory') ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('- '));
  const lines = new Set(previous);
  for (const step of (section(user, 'step_outcomes') ?? '').split('\n')) {
    const rejected = /\breject/i.test(step);
    for (const rule of [...world.hints.harmful, ...world.hints.useless]) {
      if (rejected && world.states(step, rule.phrase)) lines.add(`- Avoid proposing "${rule.phrase}": a step with it was rejected.`);
    }
    for (const rule of world.hints.rules) {
      if (!rejected && /\baccept/i.test(step) && world.states(step, rule.phrase)) lines.add(`- Concrete conventions such as "${rule.phrase}" were accepted; prefer specific, checkable rules.`);
    }
  }
  const memory = [...lines].join('\n');
  return JSON.stringify({ reasoning: `Distilled ${lines.size - previous.length} new lessons from this epoch.`, memory });
}

/** Autonomous learning-rate control: apply every failure-driven edit, or one edit when there are none. */
export function simulatedEditCountReply(user: string): string {
  const pool = jsonSection<Edit[]>(user, 'edit_pool') ?? [];
  const failures = pool.filter((edit) => edit.source === 'failure').length;
  const count = failures > 0 ? failures : Math.min(1, pool.length);
  return JSON.stringify({ learning_rate: count, reasoning: `${failures} of ${pool.length} edits fix failures.`, confidence: 'medium', risk_notes: [] });
}
