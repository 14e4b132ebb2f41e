/**
 * The commit an Apply of a library run makes when the person asks for it: the written
 * SKILL.md files on the current branch of their repository, one commit per repository
 * (the skills usually share one), whose message is the table of the score changes.
 * The person's hooks and signing settings govern it (it is their commit).
 */
import { realpath } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { describeChanges, type LibraryApplyPlan } from './apply-library-run';
import { GitRepository } from './git-plumbing';

export interface AppliedCommits {
  commits: { repositoryRoot: string; commit: string; paths: string[] }[];
  /** Written files that could not be committed (not in a git repository), with why. */
  notCommitted: { path: string; reason: string }[];
}

export async function commitAppliedSkills(plan: LibraryApplyPlan, written: readonly string[]): Promise<AppliedCommits> {
  const applying = plan.changes.filter((change) => change.action === 'apply');
  const byRepository = new Map<string, { repository: GitRepository; paths: string[] }>();
  const notCommitted: AppliedCommits['notCommitted'] = [];
  for (const path of written) {
    const found = await GitRepository.find(dirname(path));
    if (!(found instanceof GitRepository)) {
      notCommitted.push({ path, reason: found.reason });
      continue;
    }
    const group = byRepository.get(found.root) ?? { repository: found, paths: [] };
    group.paths.push(relative(await realpath(found.root), await realpath(path)));
    byRepository.set(found.root, group);
  }
  const commits: AppliedCommits['commits'] = [];
  for (const { repository, paths } of byRepository.values()) {
    const root = await realpath(repository.root);
    const inRepository = await Promise.all(applying.map(async (change) => paths.includes(relative(root, await realpath(change.skillPath)))));
    const message = `Apply ${paths.length} trained skill${paths.length === 1 ? '' : 's'} from library run ${plan.libraryRunId}\n\n${describeChanges({ ...plan, changes: applying.filter((_, index) => inRepository[index]) })}\n`;
    commits.push({ repositoryRoot: repository.root, commit: await repository.commitPaths(paths, message), paths });
  }
  return { commits, notCommitted };
}
