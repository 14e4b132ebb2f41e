/**
 * Finds skill folders (folders holding a SKILL.md) below a folder that is not one itself,
 * so `validate` pointed at a multi-skill repository (`skills/<name>/SKILL.md`,
 * `.claude/skills/<name>/SKILL.md`, `plugins/<x>/skills/<name>/SKILL.md`) can name the
 * folders to pass instead of only saying SKILL.md is missing.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Bounds that keep the search quick on a large repository. */
export interface SkillFolderSearchLimits {
  /** Folder levels below the root to look into (a plugin skill sits 4 deep). */
  readonly maxDepth: number;
  /** Folders read at most, whatever the depth. */
  readonly maxFoldersRead: number;
  /** Skill folders returned at most. */
  readonly maxResults: number;
}

const defaultLimits: SkillFolderSearchLimits = { maxDepth: 5, maxFoldersRead: 5000, maxResults: 200 };

/** Folders that never hold a user's skills and can be huge. */
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '.venv', 'venv', '__pycache__']);

/** What the search found below `root`. */
export interface SkillFolderSearch {
  /** Skill folders relative to `root`, with '/' separators, in breadth-first then name order. */
  readonly folders: string[];
  /** True when a limit stopped the search, so more skill folders may exist. */
  readonly truncated: boolean;
}

/** Skill folders below `root` (not `root` itself), breadth first. Never throws. */
export function findSkillFolders(root: string, limits: SkillFolderSearchLimits = defaultLimits): SkillFolderSearch {
  const folders: string[] = [];
  let queue: string[] = [root];
  let foldersRead = 0;
  for (let depth = 0; depth <= limits.maxDepth && queue.length > 0; depth += 1) {
    const next: string[] = [];
    for (const folder of queue) {
      if (foldersRead >= limits.maxFoldersRead || folders.length >= limits.maxResults) return { folders, truncated: true };
      foldersRead += 1;
      const entries = readEntries(folder);
      if (folder !== root && entries.some((entry) => entry.isFile() && entry.name === 'SKILL.md')) {
        folders.push(relative(root, folder).split('\\').join('/'));
        // A skill's own subfolders (references/, scripts/) hold no further skills.
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !skippedFolders.has(entry.name)) next.push(join(folder, entry.name));
      }
    }
    queue = next;
  }
  return { folders, truncated: queue.length > 0 };
}

function readEntries(folder: string) {
  try {
    return readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    // An unreadable folder (permissions, a broken link) simply holds no skills we can see.
    return [];
  }
}
