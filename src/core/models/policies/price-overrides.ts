/**
 * Price overrides as a person writes them: the `skillTrainer.prices` setting in VS
 * Code, a JSON file given to the command line's `--prices`. One schema for both.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SkillTrainerError } from '../../errors';
import { formatJsonPath, jsonSyntaxErrorPosition, locateJsonPath } from '../../tasks/json-location';
import type { PriceOverrides } from './price-table';

export const modelPriceSchema = z
  .object({
    inputUsdPerMillion: z.number().min(0),
    outputUsdPerMillion: z.number().min(0),
    cachedInputUsdPerMillion: z.number().min(0).optional(),
  })
  .strict();

/** Keyed by model spec (`openai:gpt-5`) or bare model name (`gpt-5`). */
export const priceOverridesSchema = z.record(z.string(), modelPriceSchema);

const example = '{"ollama:llama3.1": {"inputUsdPerMillion": 0, "outputUsdPerMillion": 0}}';

/** The prices of a JSON file; a missing file, bad JSON or a bad entry is an error naming the place and the fix. */
export async function readPriceOverridesFile(path: string): Promise<PriceOverrides> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String((error as Error).message);
    throw new SkillTrainerError('prices_file_invalid', `Cannot read the prices file ${path}: ${reason}. Give a JSON file such as ${example}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const { line, column } = jsonSyntaxErrorPosition(text, error);
    throw new SkillTrainerError('prices_file_invalid', `${path}:${line}:${column}: not valid JSON (${(error as Error).message}). Give an object such as ${example}.`);
  }
  const parsed = priceOverridesSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const { line, column } = locateJsonPath(text, issue.path);
  const problem = issue.path.length > 0 ? `invalid price at ${formatJsonPath(issue.path)}: ${issue.message}` : 'the file must hold one JSON object, keyed by model spec or name';
  throw new SkillTrainerError(
    'prices_file_invalid',
    `${path}:${line}:${column}: ${problem}. Each model needs inputUsdPerMillion and outputUsdPerMillion (numbers >= 0), optionally cachedInputUsdPerMillion, e.g. ${example}.`,
  );
}
