import { z } from 'zod';

/**
 * The parts of a promptfoo config (`promptfooconfig.yaml`) that become eval tasks.
 * Objects are loose: promptfoo has many more keys, which are listed below as known
 * (ignored quietly) or warned about.
 */

const splitSchema = z.enum(['train', 'val', 'test'], { error: 'must be "train", "val" or "test"' });

export const promptfooAssertionSchema = z
  .object(
    {
      type: z.string({ error: 'needs "type", a string such as "contains" or "llm-rubric"' }).trim().min(1, { error: 'needs a non-empty "type"' }),
      value: z.unknown().optional(),
      weight: z.number({ error: 'must be a number ≥ 0 (default 1)' }).optional(),
      threshold: z.number({ error: 'must be a number from 0 to 1' }).optional(),
    },
    { error: 'must be an object such as {type: contains, value: refund}' },
  )
  .loose();

export const promptfooTestSchema = z
  .object(
    {
      description: z.string({ error: 'must be a string' }).optional(),
      vars: z.record(z.string(), z.unknown(), { error: 'must be a map of variable names to values' }).optional(),
      assert: z.array(promptfooAssertionSchema, { error: 'must be a list of assertions' }).optional(),
      metadata: z.record(z.string(), z.unknown(), { error: 'must be a map' }).optional(),
      split: splitSchema.optional(),
      sim: z.unknown().optional(),
    },
    { error: 'must be a test object with "vars" and/or "assert"' },
  )
  .loose();

export type PromptfooTest = z.output<typeof promptfooTestSchema>;
export type PromptfooAssertion = z.output<typeof promptfooAssertionSchema>;

const promptObjectSchema = z
  .object({ raw: z.string().optional(), label: z.string().optional(), id: z.string().optional() }, { error: 'must be a string or {raw, label}' })
  .loose();
export type PromptfooPromptEntry = string | z.output<typeof promptObjectSchema>;

export const promptfooConfigSchema = z
  .object(
    {
      description: z.string().optional(),
      prompts: z.union([z.string(), promptObjectSchema, z.array(z.union([z.string(), promptObjectSchema]))], {
        error: (issue) =>
          issue.input === undefined
            ? 'is missing: the suite needs "prompts", e.g. ["Summarise: {{text}}"]'
            : 'must be a prompt string, a file:// path, {raw, label}, or a list of these',
      }),
      tests: z.union([z.string(), z.array(z.unknown())], { error: 'must be a list of tests or a file:// path to a YAML, JSON or CSV file' }).optional(),
      defaultTest: z
        .union([z.string(), promptfooTestSchema], { error: 'must be a map of test settings (vars, assert, options) applied to every test' })
        .optional(),
      sim: z.unknown().optional(),
    },
    { error: 'must be a YAML map with "prompts" and "tests"' },
  )
  .loose();

/** promptfoo config keys that do not affect tasks; no warning for these. */
export const ignoredConfigKeys = [
  'description', 'prompts', 'tests', 'defaultTest', 'sim', 'providers', 'targets', 'evaluateOptions', 'outputPath',
  'sharing', 'env', 'commandLineOptions', 'derivedMetrics', 'nunjucksFilters', 'extensions', 'tags', 'metadata',
  'writeLatestResults', 'tracing', '$schema',
];
/** Test keys that do not affect tasks (or are read elsewhere); no warning for these. */
export const ignoredTestKeys = ['description', 'vars', 'assert', 'metadata', 'split', 'sim', 'options', 'provider', 'providerOutput'];
/** Assertion keys that do not affect scoring here; no warning for these. */
export const ignoredAssertionKeys = ['type', 'value', 'weight', 'threshold', 'metric', 'provider', 'rubricPrompt', 'config', 'transform'];
