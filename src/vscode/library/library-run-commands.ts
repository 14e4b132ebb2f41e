/**
 * Resume and Stop of a library run, and the offer to resume one a closed window or a
 * crash interrupted. Resume continues every unfinished skill where its run stopped
 * (the core's `resumeLibraryRun`); finished skills stay as they are.
 */
import * as vscode from 'vscode';
import { listLibraryRuns, readLibraryRun, viewOf, type LibraryRunRecord, type LibraryRunStatus, type LibrarySkillView } from '../../core/library';
import { workspaceRoots } from '../run-store-location';
import { readSettings } from '../settings';
import { showCommandProblem } from '../skill-preparation';
import { reportLibraryEnd } from './library-end-message';
import { libraryRuntime } from './library-runtime';
import type { LibraryServices } from './optimize-library-command';

const RESUME_TITLE = 'Resume Library Run';

/** Every library run of the workspace folders, newest first in each. */
export async function workspaceLibraryRuns(): Promise<{ workspaceRoot: string; record: LibraryRunRecord }[]> {
  const found = await Promise.all(workspaceRoots().map(async (workspaceRoot) => (await listLibraryRuns(workspaceRoot)).map((record) => ({ workspaceRoot, record }))));
  return found.flat();
}

/** Library runs that can go on (one running in another process is refused by the core's lock when resumed). */
export async function resumableLibraryRuns(): Promise<{ workspaceRoot: string; record: LibraryRunRecord }[]> {
  return (await workspaceLibraryRuns()).filter((entry) => entry.record.status !== 'finished');
}

/** The library run to resume: the argument, the Training Queue's, else one the person picks. */
async function chooseLibraryRun(services: LibraryServices, argument: unknown): Promise<{ workspaceRoot: string; record: LibraryRunRecord } | undefined> {
  const given = typeof argument === 'string' ? argument : (argument as { libraryRunId?: unknown } | undefined)?.libraryRunId;
  const candidates = await resumableLibraryRuns();
  const wanted = typeof given === 'string' ? given : services.libraryRuns.view?.libraryRunId;
  const match = candidates.find((entry) => entry.record.id === wanted);
  if (match) return match;
  if (typeof given === 'string') {
    void vscode.window.showInformationMessage(`${RESUME_TITLE}: library run ${given} has nothing left to train (or is not in this workspace).`);
    return undefined;
  }
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`${RESUME_TITLE}: no library run to resume; every one finished.`);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((entry) => ({ label: entry.record.id, description: `${entry.record.status} · ${entry.record.skills.length} skills`, detail: entry.record.skills.map((skill) => `${skill.name}: ${skill.outcome.status}`).join(', '), entry })),
    { title: RESUME_TITLE, placeHolder: 'Which library run?' },
  );
  return picked?.entry;
}

/** Resumes a library run; resolves when it ends (undefined when it did not start). */
export async function resumeLibraryRunCommand(services: LibraryServices, argument?: unknown): Promise<{ status: LibraryRunStatus; skills: LibrarySkillView[] } | undefined> {
  if (services.libraryRuns.isLive) {
    void vscode.window.showInformationMessage(`${RESUME_TITLE}: library run ${services.libraryRuns.view!.libraryRunId} is training already.`);
    return undefined;
  }
  const chosen = await chooseLibraryRun(services, argument);
  if (!chosen) return undefined;
  const { workspaceRoot, record } = chosen;
  try {
    const settings = readSettings();
    const specs = record.skills.flatMap((skill) => (skill.settings ? Object.values(skill.settings.models).filter((spec): spec is string => typeof spec === 'string') : []));
    const runtime = await libraryRuntime({ settings, apiKeys: services.apiKeys, catalog: services.catalog, trusted: vscode.workspace.isTrusted, specs, onQueueWarning: (message) => services.log.warn(message) });
    const result = await services.libraryRuns.resume({ workspaceRoot, libraryRunId: record.id, skills: record.skills.map(viewOf), runtime });
    void reportLibraryEnd(result);
    return result;
  } catch (error) {
    showCommandProblem(RESUME_TITLE, error);
    return undefined;
  }
}

export async function stopLibraryRun(services: LibraryServices): Promise<LibraryRunStatus | undefined> {
  const result = await services.libraryRuns.stop();
  return result?.status;
}

/** After activation: the library run a closed window or a crash left in progress, offered once. */
export async function offerInterruptedLibraryRun(services: LibraryServices): Promise<void> {
  const interrupted = services.libraryRuns.interrupted();
  if (!interrupted) return;
  const record = await readLibraryRun(interrupted.workspaceRoot, interrupted.libraryRunId).catch(() => undefined);
  if (!record || record.status === 'finished') {
    await services.libraryRuns.forgetInterrupted();
    return;
  }
  services.libraryRuns.showRecorded({ libraryRunId: record.id, workspaceRoot: interrupted.workspaceRoot, status: record.status, live: false, skills: record.skills.map(viewOf) });
  const left = record.skills.filter((skill) => skill.outcome.status !== 'finished' && skill.outcome.status !== 'skipped').map((skill) => skill.name);
  const resume = 'Resume';
  const choice = await vscode.window.showInformationMessage(
    `Library run ${record.id} was interrupted when the window closed: ${left.length} skill${left.length === 1 ? '' : 's'} left (${left.join(', ')}). Finished skills are not trained again.`,
    resume,
    'Not Now',
  );
  if (choice === resume) await resumeLibraryRunCommand(services, record.id);
  else if (choice) await services.libraryRuns.forgetInterrupted();
}

/** The newest library run of the workspace, shown in the Training Queue when none trains. */
export async function showNewestLibraryRun(services: LibraryServices): Promise<void> {
  for (const workspaceRoot of workspaceRoots()) {
    const [newest] = await listLibraryRuns(workspaceRoot);
    if (newest) {
      services.libraryRuns.showRecorded({ libraryRunId: newest.id, workspaceRoot, status: newest.status, live: false, skills: newest.skills.map(viewOf) });
      return;
    }
  }
}
