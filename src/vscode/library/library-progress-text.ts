/**
 * The words of a library run in VS Code: a skill's state as its Training Queue row
 * says it, and the one-line progress of the library's notification.
 */
import type { LibrarySkillView } from '../../core/library';
import { formatScore } from '../training-event-log';

/** "queued", "E1 S2/4 · val 0.71 (best 0.74)", "0.42 → 0.71", "skipped: no eval tasks…". */
export function describeQueueSkill(skill: Pick<LibrarySkillView, 'outcome'>): string {
  const outcome = skill.outcome;
  switch (outcome.status) {
    case 'queued':
      return 'queued';
    case 'running':
      if (outcome.step === undefined || outcome.step === 0) return outcome.baselineScore === undefined ? 'running · scoring the baseline' : `running · baseline ${formatScore(outcome.baselineScore)}`;
      return `running · epoch ${outcome.epoch ?? '?'} step ${outcome.step}/${outcome.totalSteps ?? '?'} · val ${formatScore(outcome.score)} (best ${formatScore(outcome.bestScore)})`;
    case 'finished':
      return `finished · ${formatScore(outcome.baselineScore)} → ${formatScore(outcome.bestScore)}`;
    case 'skipped':
      return `skipped: ${outcome.reason}`;
    case 'failed':
      return `failed: ${outcome.message}`;
    case 'budget_stopped':
      return `stopped at the budget: ${outcome.message}`;
    case 'cancelled':
      return 'stopped — resumable';
  }
}

/** "2 of 5 done · commit-messages E1 S2/4 · 1 skipped". */
export function libraryProgressText(skills: readonly LibrarySkillView[]): string {
  const count = (status: string) => skills.filter((skill) => skill.outcome.status === status).length;
  const running = skills.flatMap((skill) => (skill.outcome.status === 'running' ? [skill] : []));
  const parts = [`${count('finished')} of ${skills.length - count('skipped')} done`];
  for (const skill of running) {
    const outcome = skill.outcome as Extract<LibrarySkillView['outcome'], { status: 'running' }>;
    parts.push(outcome.step ? `${skill.name} E${outcome.epoch ?? '?'} S${outcome.step}/${outcome.totalSteps ?? '?'} ${formatScore(outcome.score)}` : `${skill.name} baseline`);
  }
  for (const status of ['skipped', 'failed', 'budget_stopped'] as const) {
    const n = count(status);
    if (n > 0) parts.push(`${n} ${status === 'budget_stopped' ? 'stopped at the budget' : status}`);
  }
  return parts.join(' · ');
}
