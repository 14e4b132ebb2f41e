/**
 * The one message a library run ends with (started or resumed): how many skills
 * finished and improved, were skipped, failed or stopped, with the next step as buttons.
 */
import * as vscode from 'vscode';
import type { LibraryRunStatus, LibrarySkillView } from '../../core/library';

export const APPLY_ACTION = 'Apply Trained Skills';

/** One message when the library run ends, with what to do next. */
export async function reportLibraryEnd(result: { status: LibraryRunStatus; skills: LibrarySkillView[] }): Promise<void> {
  const count = (status: string) => result.skills.filter((skill) => skill.outcome.status === status).length;
  const improved = result.skills.filter((skill) => skill.outcome.status === 'finished' && skill.outcome.bestScore > (skill.outcome.baselineScore ?? Infinity)).length;
  const parts = [`${count('finished')} finished (${improved} improved)`];
  if (count('skipped')) parts.push(`${count('skipped')} skipped`);
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (count('budget_stopped')) parts.push(`${count('budget_stopped')} stopped at the budget`);
  if (count('cancelled') + count('queued') + count('running')) parts.push(`${count('cancelled') + count('queued') + count('running')} stopped`);
  const text = `Library run ${result.status === 'finished' ? 'finished' : 'ended'}: ${parts.join(', ')}.`;
  const actions = [...(improved > 0 ? [APPLY_ACTION] : []), ...(result.status !== 'finished' ? ['Resume'] : []), 'Show Training Queue'];
  const choice = await (result.status === 'failed' ? vscode.window.showWarningMessage(text, ...actions) : vscode.window.showInformationMessage(text, ...actions));
  if (choice === APPLY_ACTION) await vscode.commands.executeCommand('skillTrainer.applyLibraryRun');
  else if (choice === 'Resume') await vscode.commands.executeCommand('skillTrainer.resumeLibraryRun');
  else if (choice === 'Show Training Queue') await vscode.commands.executeCommand('skillTrainer.trainingQueue.focus');
}
