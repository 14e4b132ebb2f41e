/**
 * The simulated world: a deterministic stand-in for the target, judge and optimizer
 * models, built from a skill's eval tasks and their hints. It exists for the offline
 * demo and the tests; it is used only when a `sim:` model is chosen, and it is a
 * simulation — its scores say nothing about real models.
 *
 * The target follows a rule only when the skill states the rule's key phrase, unless
 * a harmful rule stated in the skill breaks it. The judge recovers from an output
 * which rules were followed. The optimizer proposes the rules missing from the
 * failures it is shown — mostly useful ones, sometimes useless or harmful ones.
 */
import type { EvalTask, TaskSet } from '../../tasks/eval-task';
import { seededUnitValue } from '../../tasks/seeded-random';
import { SimulationHintError, parseFileHints, parseTaskHints, type SimFileHints, type SimHarmfulRule, type SimRule, type SimUselessRule } from './sim-hints';
import { matchTemplate, parseTemplate, renderTemplate, templateRules, type TemplatePart } from './sim-template';

export interface SimulatedTask {
  task: EvalTask;
  template: TemplatePart[];
  /** Rule ids the task's good answer follows. */
  rules: string[];
  /** Chance (0..1) that a sample slips on the first rule (the `flakiness` hint). */
  flakiness: number;
}

export interface SimulatedWorldOptions {
  /** Seeds the optimizer's choices between useful, useless and harmful proposals. */
  seed?: number;
  /** Chance (0..1) that an analyst call slips a harmful rule in. Default 0.25. */
  harmfulRate?: number;
  /** Chance (0..1) that an analyst call adds a useless rule. Default 0.25. */
  uselessRate?: number;
  /** Pretended latency of every call, ms. Default 0. */
  latencyMs?: number;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export class SimulatedWorld {
  readonly seed: number;
  readonly harmfulRate: number;
  readonly uselessRate: number;
  readonly latencyMs: number;
  readonly hints: SimFileHints;
  readonly tasks: SimulatedTask[];
  private readonly byPrompt = new Map<string, SimulatedTask>();

  constructor(taskSet: TaskSet, options: SimulatedWorldOptions = {}) {
    this.seed = options.seed ?? 42;
    this.harmfulRate = options.harmfulRate ?? 0.25;
    this.uselessRate = options.uselessRate ?? 0.25;
    this.latencyMs = options.latencyMs ?? 0;
    // A skill with no tasks yet has no hints either; such a world can still draft tasks.
    const empty = taskSet.tasks.length === 0 && taskSet.sim === undefined;
    this.hints = empty ? { rules: [], harmful: [], useless: [] } : parseFileHints(taskSet.sim, taskSet.source);
    const known = new Set(this.hints.rules.map((rule) => rule.id));
    this.tasks = taskSet.tasks.map((task) => {
      const taskHints = parseTaskHints(task.sim, taskSet.source, task.id);
      const template = parseTemplate(taskHints.output);
      const rules = templateRules(template);
      for (const rule of rules) {
        if (!known.has(rule)) {
          throw new SimulationHintError(taskSet.source, `task '${task.id}' sim.output`, `slot '{{${rule}|…}}' names no rule in $.sim.rules`);
        }
      }
      const simulated = { task, template, rules, flakiness: taskHints.flakiness ?? 0 };
      this.byPrompt.set(normalize(task.prompt), simulated);
      // A conversation reaches the target as turns: its last user turn names it.
      const lastTurn = task.messages?.filter((message) => message.role === 'user').at(-1)?.content;
      if (lastTurn !== undefined && !this.byPrompt.has(normalize(lastTurn))) this.byPrompt.set(normalize(lastTurn), simulated);
      return simulated;
    });
  }

  rule(id: string): SimRule | undefined {
    return this.hints.rules.find((rule) => rule.id === id);
  }

  /** True when the skill states the phrase (case- and spacing-insensitive). */
  states(skill: string, phrase: string): boolean {
    return normalize(skill).includes(normalize(phrase));
  }

  /** Rules the target follows under `skill`: stated and not broken by a stated harmful rule. */
  followedRules(skill: string): Set<string> {
    const broken = new Set(this.statedHarmful(skill).flatMap((harmful) => harmful.breaks));
    return new Set(this.hints.rules.filter((rule) => this.states(skill, rule.phrase) && !broken.has(rule.id)).map((rule) => rule.id));
  }

  statedHarmful(skill: string): SimHarmfulRule[] {
    return this.hints.harmful.filter((harmful) => this.states(skill, harmful.phrase));
  }

  statedUseless(skill: string): SimUselessRule[] {
    return this.hints.useless.filter((useless) => this.states(skill, useless.phrase));
  }

  /** The task whose prompt the message is (or contains), if any. */
  findTask(userMessage: string): SimulatedTask | undefined {
    const exact = this.byPrompt.get(normalize(userMessage));
    if (exact) return exact;
    const message = normalize(userMessage);
    return this.tasks.find((candidate) => message.includes(normalize(candidate.task.prompt)));
  }

  findTaskById(id: string): SimulatedTask | undefined {
    return this.tasks.find((candidate) => candidate.task.id === id);
  }

  /** The target's answer to a task under a skill; sample `sampleIndex` of a flaky task may slip on its first rule. */
  answer(task: SimulatedTask, skill: string, sampleIndex = 0): string {
    const followed = this.followedRules(skill);
    if (task.flakiness > 0 && task.rules.length > 0 && seededUnitValue(this.seed, `flaky:${task.task.id}:${sampleIndex}`) < task.flakiness) {
      followed.delete(task.rules[0]!);
    }
    return renderTemplate(task.template, followed).trim();
  }

  /** Which task an output answers and which of its rules it follows, if recognisable. */
  recognise(output: string): { task: SimulatedTask; followed: Set<string> } | undefined {
    for (const task of this.tasks) {
      const followed = matchTemplate(task.template, output);
      if (followed) return { task, followed };
    }
    return undefined;
  }

  /** Rules the task needs that the skill does not make the target follow. */
  missingRules(task: SimulatedTask, skill: string): string[] {
    const followed = this.followedRules(skill);
    return task.rules.filter((rule) => !followed.has(rule));
  }

  /** The rule a rubric criterion checks (matched on its exact text, ignoring case and spacing). */
  ruleForCriterion(criterion: string): SimRule | undefined {
    const wanted = normalize(criterion.replace(/^\d+\.\s*/, ''));
    return this.hints.rules.find((rule) => rule.criterion !== undefined && normalize(rule.criterion) === wanted);
  }
}

/** Builds the world for a skill's task set; throws SimulationHintError for bad hints. */
export function createSimulatedWorld(taskSet: TaskSet, options: SimulatedWorldOptions = {}): SimulatedWorld {
  return new SimulatedWorld(taskSet, options);
}
