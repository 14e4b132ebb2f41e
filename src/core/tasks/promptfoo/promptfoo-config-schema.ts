import { z } from 'zod';

/**
 * The parts of a promptfoo config (`promptfooconfig.yaml`) that become eval tasks.
 * Objects are loose: promptfoo has many more keys, which are listed below as known
 * (ignored quietly, or read elsewhere) or warned about. `prompts`, `tests` and
 * `scenarios` take many forms and are checked by their readers.
 */

const splitSchema = z.enum(['train', 'val', 'test'], { error: 'must be "train", "val" or "test"' });

export const promptfooAssertionSchema = z
  .object(
    {
      type: z.string({ error: 'needs "type", a string such as "contains" or "llm-rubric"' }).trim().min(1, { error: 'needs a non-empty "type"' }),
      value: z.unknown().optional(),
      weight: z.number({ error: 'must be a number ≥ 0 (default 1)' }).optional(),
      threshold: z.number({ error: 'must be a number' }).optional(),
      transform: z.string({ error: 'must be JavaScript code or a file:// path to it' }).optional(),
      metric: z.string({ error: 'must be a name' }).optional(),
    },
    { error: 'must be an object such as {type: contains, value: refund}' },
  )
  .loose();

const testOptionsSchema = z
  .object(
    {
      transform: z.string({ error: 'must be JavaScript code or a file:// path to it' }).optional(),
      postprocess: z.string({ error: 'must be JavaScript code' }).optional(),
      transformVars: z.string({ error: 'must be JavaScript code or a file:// path to it' }).optional(),
      prefix: z.string({ error: 'must be text' }).optional(),
      suffix: z.string({ error: 'must be text' }).optional(),
      disableVarExpansion: z.boolean({ error: 'must be true or false' }).optional(),
    },
    { error: 'must be a map of options (transform, rubricPrompt, ...)' },
  )
  .loose();

export const promptfooTestSchema = z
  .object(
    {
      description: z.string({ error: 'must be a string' }).optional(),
      vars: z
        .union([z.record(z.string(), z.unknown()), z.string(), z.array(z.string())], {
          error: 'must be a map of variable names to values, or file:// paths to YAML files holding such maps',
        })
        .optional(),
      assert: z.array(promptfooAssertionSchema, { error: 'must be a list of assertions' }).optional(),
      options: testOptionsSchema.optional(),
      metadata: z.record(z.string(), z.unknown(), { error: 'must be a map' }).optional(),
      threshold: z.number({ error: 'must be a number from 0 to 1' }).min(0, { error: 'must be a number from 0 to 1' }).max(1, { error: 'must be a number from 0 to 1' }).optional(),
      assertScoringFunction: z.string({ error: 'must be a file:// path to a JavaScript or Python function, e.g. file://scoring.js or file://scoring.py:score' }).optional(),
      split: splitSchema.optional(),
      sim: z.unknown().optional(),
    },
    { error: 'must be a test object with "vars" and/or "assert"' },
  )
  .loose();

export type PromptfooTest = z.output<typeof promptfooTestSchema>;
export type PromptfooAssertion = z.output<typeof promptfooAssertionSchema>;

export const promptfooConfigSchema = z
  .object(
    {
      description: z.string().optional(),
      prompts: z.unknown().optional(),
      tests: z.unknown().optional(),
      scenarios: z.array(z.unknown(), { error: 'must be a list of scenarios, each {config: [...], tests: [...]}' }).optional(),
      defaultTest: z
        .union([z.string(), promptfooTestSchema], { error: 'must be a map of test settings (vars, assert, options) applied to every test' })
        .optional(),
      env: z.record(z.string(), z.unknown(), { error: 'must be a map of names to values' }).optional(),
      nunjucksFilters: z.record(z.string(), z.string(), { error: 'must be a map of filter names to file paths' }).optional(),
      derivedMetrics: z.array(z.unknown(), { error: 'must be a list of {name, value}' }).optional(),
      sim: z.unknown().optional(),
    },
    { error: 'must be a YAML map with "prompts" and "tests"' },
  )
  .loose();

/** promptfoo config keys that do not affect tasks (or are read elsewhere); no warning for these. */
export const ignoredConfigKeys = [
  'description', 'prompts', 'tests', 'scenarios', 'defaultTest', 'sim', 'providers', 'targets', 'evaluateOptions', 'outputPath',
  'sharing', 'env', 'commandLineOptions', 'derivedMetrics', 'nunjucksFilters', 'extensions', 'tags', 'metadata',
  'writeLatestResults', 'tracing', '$schema', 'assertionTemplates', 'redteam', 'version',
];
/** Test keys that do not affect tasks (or are read elsewhere); no warning for these. */
export const ignoredTestKeys = ['description', 'vars', 'assert', 'metadata', 'split', 'sim', 'options', 'provider', 'providerOutput', 'threshold', 'assertScoringFunction'];
/** Test options read, or that do not change what a task checks; no warning for these. */
export const ignoredTestOptionKeys = [
  'transform', 'postprocess', 'transformVars', 'prefix', 'suffix', 'disableVarExpansion', 'rubricPrompt', 'provider',
  'runSerially', 'disableConversationVar', 'cache', 'factuality', 'storeOutputAs',
];
/** Assertion keys that are read, or do not change the check; no warning for these. */
export const ignoredAssertionKeys = ['type', 'value', 'weight', 'threshold', 'metric', 'provider', 'rubricPrompt', 'config', 'transform', 'contextTransform'];
