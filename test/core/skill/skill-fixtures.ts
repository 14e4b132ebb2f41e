import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folder holding one realistic skill per sub-folder, each with a SKILL.md. */
export const skillFixtureRoot = join('test', 'fixtures', 'skill');

/** The names of the fixture skills (their folder names). */
export function skillFixtureNames(): string[] {
  return readdirSync(skillFixtureRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The exact text of a fixture's SKILL.md (BOM and line endings preserved). */
export function readSkillFixture(name: string): string {
  return readFileSync(join(skillFixtureRoot, name, 'SKILL.md'), 'utf8');
}
