import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** Creates a skill folder `<tmp>/<name>` holding the given files (path → text); returns its path. */
export function makeSkillFolder(files: Record<string, string>, name = 'demo-skill'): string {
  const root = mkdtempSync(join(tmpdir(), 'skill-trainer-tasks-'));
  roots.push(root);
  const skillDir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(skillDir, path)), { recursive: true });
    writeFileSync(join(skillDir, path), text);
  }
  mkdirSync(skillDir, { recursive: true });
  return skillDir;
}

/** An evals.json text from tasks (pretty-printed, so line numbers are predictable). */
export function evalsJson(evals: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ skill_name: 'demo-skill', ...extra, evals }, null, 2);
}
