/**
 * The end of a run: the final skill is validated and promoted to best when the gate's
 * rule finds it better (the last slow update was never validated); then the initial,
 * best and final skills are scored on the test split, and the trained (best) skill is
 * written to the run folder. The user's own SKILL.md is never touched here.
 */
import { metricValue } from '../scoring/aggregate-scores';
import { skillContentHash } from '../skill/skill-content-hash';
import type { FinalRecord, ScorePair } from '../store/run-records';
import { errorMessage } from '../errors';
import { testTasksForReport } from '../tasks/split-overlap';
import { promoteIfBetter } from './best-promotion';
import type { TrainingSession } from './training-session';

export async function runFinalEvaluation(session: TrainingSession): Promise<FinalRecord> {
  const { state, config } = session;
  const step = state.globalStep;
  session.journal.beginUnit('final');
  session.emit({ type: 'stage_started', stage: 'final_validation', epoch: config.epochs, step });
  let started = Date.now();
  // The final skill is validated (from the cache when a step already scored it) and, when
  // it is not the best, promoted if the gate's rule finds it better than the best.
  const sameAsBest = skillContentHash(state.currentSkill) === skillContentHash(state.bestSkill);
  const final = sameAsBest ? undefined : await promoteIfBetter(session, state.currentSkill, config.epochs, step);
  const validation = final?.validation ?? state.validationCache[session.validationKey(skillContentHash(state.currentSkill), config.epochs)];
  const finalValidation: ScorePair | undefined = validation && { hard: validation.hard, soft: validation.soft };
  const finalScore = finalValidation ? metricValue(finalValidation, config.gate.metric, config.gate.mixedWeight) : undefined;
  const promoted = final?.promoted ?? false;
  session.accounting.time('validation', Date.now() - started);
  session.checkpointSafePoint();

  started = Date.now();
  let test: FinalRecord['test'];
  if (config.evaluateTest) {
    let tasks: ReturnType<typeof testTasksForReport> = [];
    try {
      tasks = testTasksForReport(session.tasks);
    } catch (error) {
      session.emit({ type: 'warning', message: errorMessage(error) });
    }
    if (tasks.length > 0) {
      session.emit({ type: 'stage_started', stage: 'test', epoch: config.epochs, step });
      // The distinct skills among initial, best and final are scored at once.
      const skills = [state.initialSkill, state.bestSkill, state.currentSkill];
      const distinct = [...new Map(skills.map((skill) => [skillContentHash(skill), skill])).entries()];
      // With `gate.trials` K, each test task runs K times too: the report is as steady as the gate.
      const means = await Promise.all(
        distinct.map(async ([hash, skill]) => {
          const scores = await session.scoreWithTrials({ skill, tasks, phase: 'test', epoch: config.epochs, step, what: 'test split' });
          return [hash, { hard: scores.hard, soft: scores.soft }] as const;
        }),
      );
      const scored = new Map(means);
      const score = async (skill: string): Promise<ScorePair> => scored.get(skillContentHash(skill))!;
      test = { baseline: await score(state.initialSkill), best: await score(state.bestSkill), final: await score(state.currentSkill), count: tasks.length };
    }
  }

  session.accounting.time('test', Date.now() - started);
  await session.run.writeText('trained/SKILL.md', state.bestSkill);
  await session.run.writeText('trained/final-SKILL.md', state.currentSkill);
  const record: FinalRecord = { kind: 'final', step, finalValidation, finalScore, promoted, ...(final ? { gate: final.evidence } : {}), bestStep: state.bestStep, bestScore: state.bestScore, test, at: new Date().toISOString() };
  state.cursor = { phase: 'done' };
  await session.commit([record]);
  return record;
}
