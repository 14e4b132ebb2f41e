import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the command line keeps the response cache: `$SKILL_TRAINER_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/skill-trainer/responses`, else `~/.cache/skill-trainer/responses`.
 *
 * Per user rather than per workspace: replies are reused across workspaces and runs,
 * and the cache never lands in a repository by accident (the workspace's
 * `.skill-trainer/` holds run checkpoints a team may commit; a cache of vendor replies
 * does not belong there).
 */
export function defaultResponseCacheDirectory(environment: Readonly<Record<string, string | undefined>>, home = homedir()): string {
  const explicit = environment.SKILL_TRAINER_CACHE_DIR?.trim();
  if (explicit) return explicit;
  const xdg = environment.XDG_CACHE_HOME?.trim();
  return join(xdg || join(home, '.cache'), 'skill-trainer', 'responses');
}
