/**
 * Versioned checkpoints (`--git`): each accepted step, each slow update that changed
 * the skill, and the trained skill become commits on
 * `refs/heads/skill-trainer/<skill-name>/<run-id>` in the skill's repository, each
 * commit the repository's HEAD tree with the skill's SKILL.md replaced, its message the
 * step, the scores before → after and the edits' reasoning.
 *
 * The commits are derived from the run's own records, and each names its checkpoint in a
 * `Skill-Trainer-Checkpoint:` trailer, so syncing is idempotent: after a crash or a
 * resume, the next sync adds exactly the commits still missing.
 */
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { isAccepted } from '../training/gate-stage';
import { readStepRecords, runFolder, trainedSkillPath } from '../store/run-reader';
import { checkpointFileName } from '../store/run-store';
import type { StepRecord, TrainingStepRecord } from '../store/run-records';
import { GitRepository } from './git-plumbing';

/** One commit to make: which checkpoint, where its text is, and its message. */
export interface PlannedGitCheckpoint {
  /** Trailer value, unique within the run: `step-0003`, `epoch-01-slow-update`, `trained`. */
  id: string;
  /** The skill text's file. */
  file: string;
  message: string;
}

const trailer = 'Skill-Trainer-Checkpoint';

const actionWords: Record<string, string> = { accept_new_best: 'accepted, new best', accept: 'accepted', force_accept: 'accepted (gate off)' };

function oneLine(text: string | undefined, length = 160): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function stepMessage(skillName: string, runId: string, record: TrainingStepRecord, id: string): string {
  const edits = record.selectedEdits.map((edit, index) => {
    const kept = record.review === undefined || record.review.acceptedEdits.includes(index);
    const what = [edit.op, edit.target ? `"${oneLine(edit.target, 60)}"` : '', edit.content ? `→ "${oneLine(edit.content, 100)}"` : ''].filter(Boolean).join(' ');
    return `- ${what}${kept ? '' : ' (rejected in review)'}${edit.reasoning ? `\n  Why: ${oneLine(edit.reasoning, 400)}` : ''}`;
  });
  return [
    `${skillName}: step ${record.step} (epoch ${record.epoch}), validation ${record.scoreBefore.toFixed(3)} → ${record.currentScore.toFixed(3)} (${actionWords[record.action] ?? record.action})`,
    '',
    `Best so far ${record.bestScore.toFixed(3)} (step ${record.bestStep}); edit budget ${record.budget ?? 'uncapped'}.`,
    ...(edits.length > 0 ? ['', 'Edits:', ...edits] : []),
    '',
    `Skill-Trainer-Run: ${runId}`,
    `${trailer}: ${id}`,
  ].join('\n');
}

/** The commits a run's records call for, in order; only those whose checkpoint file exists. */
export async function plannedGitCheckpoints(workspaceRoot: string, runId: string, skillName: string): Promise<PlannedGitCheckpoint[]> {
  const folder = runFolder(workspaceRoot, runId);
  const records: StepRecord[] = await readStepRecords(workspaceRoot, runId);
  const planned: PlannedGitCheckpoint[] = [];
  for (const record of records) {
    if (record.kind === 'step' && isAccepted(record.action)) {
      // A review that kept only some edits wrote the accepted skill apart from the candidate.
      const file = join(folder, 'checkpoints', checkpointFileName(record.step, record.review?.subsetScores ? 'reviewed' : undefined));
      const id = `step-${String(record.step).padStart(4, '0')}`;
      planned.push({ id, file, message: stepMessage(skillName, runId, record, id) });
    }
    if (record.kind === 'epoch_end' && record.checkpoint) {
      const id = `epoch-${String(record.epoch).padStart(2, '0')}-slow-update`;
      const guidance = record.slowUpdate.guidance ? `\n\nGuidance for the target:\n${record.slowUpdate.guidance.trim()}` : '';
      planned.push({
        id,
        file: join(folder, record.checkpoint),
        message: `${skillName}: slow update after epoch ${record.epoch} (${record.slowUpdate.action.replace(/_/g, ' ')})${guidance}\n\nSkill-Trainer-Run: ${runId}\n${trailer}: ${id}`,
      });
    }
    if (record.kind === 'final') {
      const test = record.test ? `\nTest split (${record.test.count} tasks, hard): ${record.test.baseline.hard.toFixed(3)} → ${record.test.best.hard.toFixed(3)}.` : '';
      planned.push({
        id: 'trained',
        file: trainedSkillPath(workspaceRoot, runId),
        message: `${skillName}: trained skill, best validation ${record.bestScore.toFixed(3)} (${record.promoted ? 'the final skill' : `step ${record.bestStep}`})\n${test}\n\nSkill-Trainer-Run: ${runId}\n${trailer}: trained`,
      });
    }
  }
  return planned.filter((checkpoint) => existsSync(checkpoint.file));
}

/** Writes a run's checkpoints as commits on its side branch. */
export class GitCheckpointWriter {
  private syncing: Promise<number> = Promise.resolve(0);
  private again = false;

  private constructor(
    private readonly repository: GitRepository,
    readonly branch: string,
    private readonly filePath: string[],
    private readonly workspaceRoot: string,
    private readonly runId: string,
    private readonly skillName: string,
  ) {}

  /** A writer for the run, or why there is none (the skill is not in a git repository, git is missing). */
  static async open(options: { workspaceRoot: string; runId: string; skillPath: string }): Promise<GitCheckpointWriter | { reason: string }> {
    const folder = dirname(options.skillPath);
    const repository = await GitRepository.find(folder);
    if (!(repository instanceof GitRepository)) return repository;
    const skillName = basename(folder);
    const path = relative(await realpath(repository.root), join(await realpath(folder), 'SKILL.md')).split(/[\\/]/);
    const branch = `refs/heads/skill-trainer/${skillName}/${options.runId}`;
    const valid = await repository.git(['check-ref-format', branch]).then(() => true, () => false);
    if (!valid) return { reason: `'${branch}' is not a valid branch name` };
    return new GitCheckpointWriter(repository, branch, path, options.workspaceRoot, options.runId, skillName);
  }

  /** Adds the commits still missing; calls made while one runs are folded into one more. Returns commits added. */
  sync(): Promise<number> {
    if (this.again) return this.syncing;
    this.again = true;
    this.syncing = this.syncing.catch(() => 0).then(async (added) => {
      this.again = false;
      return added + (await this.syncOnce());
    });
    return this.syncing;
  }

  private async syncOnce(): Promise<number> {
    const planned = await plannedGitCheckpoints(this.workspaceRoot, this.runId, this.skillName);
    const done = new Set((await this.repository.messages(this.branch)).flatMap((message) => new RegExp(`^${trailer}: (.+)$`, 'm').exec(message)?.[1] ?? []));
    let tip = await this.repository.resolveCommit(this.branch);
    // The first commit grows from HEAD (when the repository has one), so the branch shows only the skill's change.
    let parent = tip ?? (await this.repository.resolveCommit('HEAD'));
    let added = 0;
    for (const checkpoint of planned) {
      if (done.has(checkpoint.id)) continue;
      const blob = await this.repository.writeBlob(await readFile(checkpoint.file, 'utf8'));
      const tree = await this.repository.treeWithFile(parent ? `${parent}^{tree}` : undefined, this.filePath, blob);
      const commit = await this.repository.commitTree(tree, parent ? [parent] : [], checkpoint.message);
      await this.repository.updateRef(this.branch, commit, tip, `skill-trainer: ${checkpoint.id} of run ${this.runId}`);
      tip = commit;
      parent = commit;
      added += 1;
    }
    return added;
  }

  /** Checkpoint commits on the branch so far. */
  async commitCount(): Promise<number> {
    return (await this.repository.messages(this.branch)).filter((message) => message.includes(`${trailer}: `)).length;
  }

  /** The branch's short name, as `git branch` shows it. */
  get branchName(): string {
    return this.branch.replace(/^refs\/heads\//, '');
  }
}
