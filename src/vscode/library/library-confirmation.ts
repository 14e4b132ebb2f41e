/**
 * The question before a library run: the estimate of every skill that will train, which
 * of them fit the library's cap (paid for in queue order) and their own caps, and why
 * each other skill will not train. Always asked: a library run is many runs at once.
 */
import * as vscode from 'vscode';
import type { LibraryEstimate, PreparedLibrarySkill } from '../../core/library';
import { describeEstimate } from '../cost-confirmation';
import { formatCost } from '../training-event-log';

/** The modal's text: a summary line and one line per skill. */
export function describeLibraryEstimate(estimate: LibraryEstimate, skills: readonly PreparedLibrarySkill[], caps: { libraryUsd: number | null; runUsd: number | null }): { message: string; detail: string } {
  const training = estimate.skills.length;
  const unpriced = [...new Set(estimate.skills.flatMap((skill) => skill.estimate.unpricedSpecs))];
  const total = describeEstimate({ calls: estimate.calls, inputTokens: estimate.tokens, outputTokens: 0, costUsd: estimate.costUsd, perRole: {}, unpricedSpecs: unpriced });
  const lines: string[] = [];
  for (const skill of estimate.skills) {
    const cost = skill.estimate.costUsd === null ? 'cost unknown' : formatCost(skill.estimate.costUsd);
    const fit =
      skill.fitsLibraryCap === false
        ? ' — beyond the library cap after the skills before it (stops there, resumable)'
        : skill.fitsRunCap === false
          ? ' — above its own run cap (stops there, resumable)'
          : skill.fitsLibraryCap === null || skill.fitsRunCap === null
            ? ' — cost unknown, cannot check the caps'
            : ' — fits';
    lines.push(`• ${skill.name}: about ${skill.estimate.calls} calls, ${cost}${fit}`);
  }
  for (const skill of skills) {
    if (skill.outcome.status === 'skipped') lines.push(`• ${skill.name}: skipped — ${skill.outcome.reason}`);
    else if (skill.outcome.status === 'failed') lines.push(`• ${skill.name}: will not train — ${skill.outcome.message}`);
  }
  const capLines: string[] = [];
  capLines.push(caps.libraryUsd === null ? 'No cap for the whole library (skillTrainer.library.maxCostUsd).' : `The library stops at ${formatCost(caps.libraryUsd)} for all skills together (skillTrainer.library.maxCostUsd).`);
  if (caps.runUsd !== null) capLines.push(`Each skill's run stops at ${formatCost(caps.runUsd)} (skillTrainer.maxCostUsd) unless skill-trainer.config sets its own.`);
  if (caps.libraryUsd !== null && training > 0) {
    const beyond = estimate.skills.filter((skill) => !estimate.fitting.includes(skill.name)).map((skill) => skill.name);
    capLines.push(beyond.length === 0 ? 'Every skill fits the caps.' : `Fit the caps: ${estimate.fitting.join(', ') || 'none'}; likely stopped at a cap: ${beyond.join(', ')}.`);
  }
  return {
    message: `Train ${training} skill${training === 1 ? '' : 's'}: ${total}.`,
    detail: `${lines.join('\n')}\n\n${capLines.join(' ')}`,
  };
}

/** Asks once for the whole library; resolves true to start. */
export async function confirmLibraryRun(text: { message: string; detail: string }): Promise<boolean> {
  const start = 'Start Training';
  return (await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, start)) === start;
}
