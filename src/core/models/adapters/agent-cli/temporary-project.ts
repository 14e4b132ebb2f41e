/**
 * A fresh, throwaway folder per agent-CLI call: a project with the candidate skill
 * installed where the CLI looks for project skills, and an empty stand-in home so the
 * user's own configuration and skills stay out of the rollout.
 */
import { access, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SkillPayload } from '../../chat-model';
import { ProviderCallError } from '../../model-errors';

export interface TemporaryProject {
  /** Holds everything below; `remove()` deletes it. */
  root: string;
  /** The agent's working directory. */
  projectDirectory: string;
  /** An empty folder standing in for the CLI's home or configuration folder. */
  homeDirectory: string;
  /** Where the skill was written, when one was given. */
  skillFile?: string;
  /** Deletes the whole folder; never throws. */
  remove(): Promise<void>;
}

export interface TemporaryProjectOptions {
  /** Where to create the folder (default: the OS temp folder, given by the caller). */
  parentDirectory: string;
  /** Names the folder, e.g. `claude-code`, to recognise leftovers. */
  label: string;
  /** Project-relative folder the CLI loads skills from, e.g. `.claude/skills`. */
  skillsFolder: string;
  skill?: SkillPayload;
  /** Provider named in errors. */
  provider: string;
}

/** The Agent Skills name rule; it also keeps the name a single safe path segment. */
const skillNamePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export async function createTemporaryProject(options: TemporaryProjectOptions): Promise<TemporaryProject> {
  if (options.skill && (!skillNamePattern.test(options.skill.name) || options.skill.name.length > 64)) {
    throw new ProviderCallError({
      provider: options.provider,
      kind: 'bad_request',
      message:
        `Cannot install skill '${options.skill.name}' for ${options.provider}: a skill name must be 1-64 characters of ` +
        'a-z, 0-9 and single hyphens, and equal its folder name. Rename the skill in its frontmatter and folder.',
    });
  }
  const root = await mkdtemp(join(options.parentDirectory, `skill-trainer-${options.label}-`));
  const remove = () => rm(root, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  try {
    const projectDirectory = join(root, 'project');
    const homeDirectory = join(root, 'home');
    await mkdir(projectDirectory);
    await mkdir(homeDirectory);
    let skillFile: string | undefined;
    if (options.skill) {
      const skillDirectory = join(projectDirectory, options.skillsFolder, options.skill.name);
      await mkdir(skillDirectory, { recursive: true });
      skillFile = join(skillDirectory, 'SKILL.md');
      await writeFile(skillFile, options.skill.text, 'utf8');
    }
    return { root, projectDirectory, homeDirectory, skillFile, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Links `name` from the user's folder into the isolated one when it exists there. */
export async function linkLoginFile(fromDirectory: string, toDirectory: string, name: string): Promise<void> {
  const source = join(fromDirectory, name);
  try {
    await access(source);
    await symlink(source, join(toDirectory, name));
  } catch {
    // No such login, or no symlinks here (Windows without privilege): keys in the environment still work.
  }
}
