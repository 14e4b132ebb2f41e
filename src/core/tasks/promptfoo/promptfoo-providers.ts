import type { OutputFormat } from '../eval-task';
import type { TaskFileProblems } from '../task-file-problems';
import type { PromptTemplate } from './promptfoo-prompts';
import { loadIfFile } from './promptfoo-vars';

/**
 * What a suite's `providers` (or `targets`) say about its tasks. The providers
 * themselves are replaced by the run's target model, but three of their settings shape
 * what a task is: the prompts each provider runs (`prompts: [label]`), the reply format
 * asked for (`config.response_format`, Gemini's `generationConfig`), and a `transform`
 * of the output.
 */
export interface ProviderSettings {
  /** The prompts some provider runs; all of them when a provider lists none. */
  prompts: PromptTemplate[];
  outputFormat?: OutputFormat;
  /** Prompts' own reply formats (their `config.response_format`), which win over the providers'. */
  promptFormats: Map<PromptTemplate, OutputFormat>;
  /** Provider-level output transforms (code), applied before the tests' own. */
  transforms: string[];
  /** The suite's first provider, which prompt functions and variable loaders are told about (the target is not known while a suite loads). */
  first?: { id: string; label?: string };
}

interface ProviderEntry {
  name: string;
  id: string;
  label?: string;
  at: PropertyKey[];
  prompts?: unknown;
  config?: Record<string, unknown>;
  transform?: unknown;
}

export async function readProviderSettings(
  providers: unknown,
  prompts: PromptTemplate[],
  context: { problems: TaskFileProblems; configDir: string; root: string; key: 'providers' | 'targets' },
): Promise<ProviderSettings> {
  const entries = providerEntries(providers, context.key);
  const scoped = scopedPrompts(entries, prompts, context.problems);
  const settings: ProviderSettings = { prompts: scoped, promptFormats: await promptFormats(scoped, context), transforms: [] };
  if (entries[0]) settings.first = { id: entries[0].id, ...(entries[0].label !== undefined && { label: entries[0].label }) };

  const withTools = entries.find((provider) => ['tools', 'functions'].some((key) => provider.config?.[key] !== undefined));
  if (withTools) {
    const key = withTools.config?.tools !== undefined ? 'tools' : 'functions';
    context.problems.warning(
      [...withTools.at, 'config', key],
      `gives the model ${key} to call; Skill Trainer gives the target none, so it answers in text, and checks written for tool calls (such as output.name or output[0].function) fail`,
    );
  }
  const formats = new Map<string, { format?: OutputFormat; provider: ProviderEntry }>();
  for (const provider of entries) {
    const format = await outputFormatOf(provider, context);
    if (format === 'invalid') continue;
    const key = JSON.stringify(format ?? null);
    if (!formats.has(key)) formats.set(key, { format, provider });
  }
  const [first, ...others] = [...formats.values()];
  if (first?.format) settings.outputFormat = first.format;
  if (others.length > 0) {
    context.problems.warning(
      others[0].provider.at,
      `providers ask for different reply formats; every task asks for ${describe(first?.format)} as ${first?.provider.name} does (one target runs all tasks); give them one format to change that`,
    );
  }
  const transforms = [...new Set(entries.flatMap((provider) => (typeof provider.transform === 'string' ? [provider.transform] : [])))];
  if (transforms.length > 1) {
    context.problems.warning([context.key], `providers transform their output differently; every task uses the first provider's transform (one target runs all tasks)`);
  }
  settings.transforms = transforms.slice(0, 1);
  return settings;
}

function providerEntries(providers: unknown, key: string): ProviderEntry[] {
  if (providers === undefined || providers === null) return [];
  const list = Array.isArray(providers) ? providers : [providers];
  return list.flatMap((provider, index): ProviderEntry[] => {
    const at = Array.isArray(providers) ? [key, index] : [key];
    if (typeof provider === 'string') return [{ name: provider, id: provider, at }];
    if (typeof provider !== 'object' || provider === null) return [];
    const object = provider as Record<string, unknown>;
    if (typeof object.id === 'string' || typeof object.label === 'string' || object.config !== undefined) {
      const label = typeof object.label === 'string' ? object.label : undefined;
      return [{ name: String(object.label ?? object.id), id: String(object.id ?? object.label ?? 'unnamed'), ...(label !== undefined && { label }), at, prompts: object.prompts, config: asRecord(object.config), transform: object.transform }];
    }
    // The map form: {"openai:gpt-4o": {config: ..., prompts: ...}}.
    return Object.entries(object).map(([id, options]) => {
      const inner = asRecord(options) ?? {};
      const label = typeof inner.label === 'string' ? inner.label : undefined;
      return { name: String(inner.label ?? inner.id ?? id), id: String(inner.id ?? id), ...(label !== undefined && { label }), at: [...at, id], prompts: inner.prompts, config: asRecord(inner.config), transform: inner.transform };
    });
  });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * promptfoo runs each provider on the prompts it lists (by label), or on every prompt.
 * The tasks are the prompts some provider runs: prompts no provider names are left out.
 */
function scopedPrompts(entries: ProviderEntry[], prompts: PromptTemplate[], problems: TaskFileProblems): PromptTemplate[] {
  if (entries.length === 0 || entries.some((provider) => !Array.isArray(provider.prompts))) return prompts;
  const used = new Set<PromptTemplate>();
  for (const provider of entries) {
    for (const name of provider.prompts as unknown[]) {
      const matches = prompts.filter((prompt) => prompt.names.includes(String(name)) || prompt.label.startsWith(`${String(name)}: `) || prompt.label.startsWith(`${String(name)} #`));
      if (matches.length === 0) problems.warning([...provider.at, 'prompts'], `names the prompt "${String(name)}", which no prompt is labelled; label a prompt so, or remove the name`);
      for (const match of matches) used.add(match);
    }
  }
  return prompts.filter((prompt) => used.has(prompt));
}

/** Each prompt's `config.response_format`, read once; one that cannot be used is said once. */
async function promptFormats(prompts: readonly PromptTemplate[], context: { problems: TaskFileProblems; configDir: string; root: string }): Promise<Map<PromptTemplate, OutputFormat>> {
  const formats = new Map<PromptTemplate, OutputFormat>();
  for (const prompt of prompts) {
    if (prompt.config?.response_format === undefined) continue;
    const at = [...prompt.at, 'config', 'response_format'];
    try {
      const format = readResponseFormat(await loadIfFile(prompt.config.response_format, context.configDir, context.root));
      if (typeof format === 'string') context.problems.warning(at, format);
      else if (format) formats.set(prompt, format);
    } catch (error) {
      context.problems.error(at, (error as Error).message);
    }
  }
  return formats;
}

async function outputFormatOf(provider: ProviderEntry, context: { problems: TaskFileProblems; configDir: string; root: string }): Promise<OutputFormat | undefined | 'invalid'> {
  const config = provider.config;
  if (!config) return undefined;
  if (config.response_format !== undefined) {
    try {
      const format = readResponseFormat(await loadIfFile(config.response_format, context.configDir, context.root));
      if (typeof format === 'string') {
        context.problems.warning([...provider.at, 'config', 'response_format'], format);
        return 'invalid';
      }
      return format;
    } catch (error) {
      context.problems.error([...provider.at, 'config', 'response_format'], (error as Error).message);
      return 'invalid';
    }
  }
  const generation = asRecord(config.generationConfig);
  const mime = generation?.response_mime_type ?? generation?.responseMimeType;
  if (mime === 'application/json') {
    const schema = asRecord(generation?.response_schema ?? generation?.responseSchema);
    return schema ? { type: 'json-schema', name: 'response', schema } : { type: 'json' };
  }
  return undefined;
}

/**
 * An OpenAI-style `response_format`: `{type: json_object}`, `{type: json_schema,
 * json_schema: {name, schema}}` or `{type: text}`. A string return is why it is unusable.
 */
export function readResponseFormat(value: unknown): OutputFormat | undefined | string {
  const format = asRecord(value);
  if (!format) return 'response_format must be an object such as {type: json_object}; it is ignored';
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json' };
  if (format.type === 'json_schema') {
    const jsonSchema = asRecord(format.json_schema) ?? format;
    const schema = asRecord(jsonSchema.schema);
    if (!schema) return 'response_format json_schema needs json_schema.schema, the JSON Schema of the reply; it is ignored';
    return { type: 'json-schema', name: typeof jsonSchema.name === 'string' ? jsonSchema.name : 'response', schema };
  }
  return `response_format type ${JSON.stringify(format.type)} is not one of json_object, json_schema or text; it is ignored`;
}

function describe(format: OutputFormat | undefined): string {
  if (!format) return 'plain text';
  return format.type === 'json' ? 'a JSON object' : `JSON matching the schema "${format.name}"`;
}
