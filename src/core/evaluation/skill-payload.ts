import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { SkillTrainerError } from '../errors';
import type { SkillPayload } from '../models/chat-model';

/** A skill folder without a readable SKILL.md. */
export class SkillNotFoundError extends SkillTrainerError {
  readonly skillDirectory: string;

  constructor(skillDirectory: string, options?: { cause?: unknown }) {
    super(
      'skill_not_found',
      `No readable SKILL.md in '${skillDirectory}'. Pass the skill's folder (the one holding SKILL.md and evals/evals.json).`,
      options,
    );
    this.skillDirectory = skillDirectory;
  }
}

/**
 * The skill in `skillDirectory` as targets receive it: named after its folder (the
 * Agent Skills spec requires the `name` field to equal it) with the full SKILL.md text.
 */
export async function readSkillPayload(skillDirectory: string): Promise<SkillPayload> {
  const folder = resolve(skillDirectory);
  try {
    return { name: basename(folder), text: await readFile(join(folder, 'SKILL.md'), 'utf8') };
  } catch (error) {
    throw new SkillNotFoundError(skillDirectory, { cause: error });
  }
}
