/** Command arguments checked with zod at the edge, a bad one named by its flag with the fix. */
import type { z } from 'zod';
import { SkillTrainerError } from '../core/errors';

/** `maxCostPerSkill` → `--max-cost-per-skill`; positional arguments are named in `positional`. */
function flagName(field: string, positional: Readonly<Record<string, string>>): string {
  return positional[field] ?? `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Parses `raw` with `schema`; throws `cli_arguments_invalid` naming the first bad flag and `skill-trainer <command> --help`. */
export function parseCliArguments<Schema extends z.ZodType>(schema: Schema, raw: unknown, command: string, positional: Readonly<Record<string, string>> = {}): z.output<Schema> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new SkillTrainerError('cli_arguments_invalid', `Invalid ${flagName(String(issue.path[0] ?? ''), positional)}: ${issue.message}. Run 'skill-trainer ${command} --help' for the options.`);
}
