/**
 * The tools a promptfoo suite's provider gives the model (`config.tools`, legacy
 * `config.functions`, or a `file://` JSON/YAML file holding either), in each vendor's
 * shape, read into one neutral list, with the provider's `tool_choice`. Tools that run
 * on the vendor's side (web search, code interpreter, MCP servers, Google Search
 * grounding) cannot be given to any target here: each is named in a warning and left out.
 */
import type { ToolChoice, ToolDefinition } from '../../models/chat-model';
import type { TaskTools, ToolOutputShape } from '../eval-task';
import type { TaskFileProblems } from '../task-file-problems';
import { loadIfFile } from './promptfoo-vars';

/** A provider of the suite, as far as its tools are concerned. */
export interface ToolProvider {
  /** promptfoo's provider id (`openai:chat:gpt-4.1-mini`, `anthropic:...`, `vertex:...`). */
  id: string;
  at: PropertyKey[];
  config?: Record<string, unknown>;
}

interface ReadContext {
  problems: TaskFileProblems;
  configDir: string;
  root: string;
}

/**
 * The tools of the first provider, which every task gives the target (one target runs
 * them all, as with the reply format); a warning at the first provider that gives
 * others, or none where the first gives some. Undefined when the first provider gives
 * no tool the target can be given.
 */
export async function readSuiteTools(providers: readonly ToolProvider[], context: ReadContext): Promise<TaskTools | undefined> {
  const [first, ...others] = providers;
  if (!first) return undefined;
  const chosen = await readProviderTools(first, context);
  const names = (found: TaskTools | undefined) => found?.definitions.map((tool) => tool.name).join(', ') ?? '';
  for (const provider of others) {
    const tools = await readProviderTools(provider, context);
    if (names(tools) === names(chosen)) continue;
    const gives = tools ? `gives the model the tools ${names(tools)}` : 'gives the model no tools';
    const every = chosen ? `the tools ${names(chosen)}` : 'no tools';
    context.problems.warning(
      tools ? [...provider.at, 'config'] : provider.at,
      `${gives}, but every task gives the target ${every} as ${first.id} does (one target runs all tasks); put the provider whose tools the tasks need first, or give the providers the same tools`,
    );
    break;
  }
  return chosen;
}

async function readProviderTools(provider: ToolProvider, context: ReadContext): Promise<TaskTools | undefined> {
  const config = provider.config;
  if (!config) return undefined;
  const key = config.tools !== undefined ? 'tools' : config.functions !== undefined ? 'functions' : undefined;
  if (!key) return undefined;
  const at = [...provider.at, 'config', key];
  let value: unknown;
  try {
    value = await loadIfFile(config[key], context.configDir, context.root);
  } catch (error) {
    context.problems.error(at, (error as Error).message);
    return undefined;
  }
  const items = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? [value] : undefined;
  if (!items) {
    context.problems.error(at, `must be a list of tool definitions such as [{type: function, function: {name, description, parameters}}], or file://tools.json holding one; it is ${JSON.stringify(value)}`);
    return undefined;
  }
  const definitions: ToolDefinition[] = [];
  const shapes = new Set<ToolOutputShape>();
  for (const [index, item] of items.entries()) {
    let loaded: unknown;
    try {
      // A list may name one file per tool.
      loaded = await loadIfFile(item, context.configDir, context.root);
    } catch (error) {
      context.problems.error([...at, index], (error as Error).message);
      continue;
    }
    for (const tool of Array.isArray(loaded) ? loaded : [loaded]) {
      const read = readTool(tool, key);
      if ('problem' in read) context.problems.warning([...at, index], read.problem);
      else {
        definitions.push(...read.definitions);
        shapes.add(read.shape);
      }
    }
  }
  if (definitions.length === 0) return undefined;
  if (config.functionToolCallbacks !== undefined) {
    context.problems.warning(
      [...provider.at, 'config', 'functionToolCallbacks'],
      "are not run: Skill Trainer does not execute the tools, so checks see the target's calls (as promptfoo does without callbacks), not the callbacks' results",
    );
  }
  const choice = readToolChoice(config, provider, context.problems);
  const outputShape = shapeOfProvider(provider.id, key) ?? [...shapes][0]!;
  return { definitions, outputShape, ...(choice && { choice }) };
}

type ReadTool = { definitions: ToolDefinition[]; shape: ToolOutputShape } | { problem: string };

/** Tools that run on the vendor's side, by the key or type that names them. */
const vendorSideTools = /^(web_search|file_search|code_interpreter|mcp|computer|image_generation|local_shell|bash_|text_editor|googleSearch|google_search|codeExecution|code_execution|urlContext|url_context|retrieval|enterpriseWebSearch|googleMaps)/;

function readTool(item: unknown, key: 'tools' | 'functions'): ReadTool {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { problem: `is not a tool definition (an object with a name and a parameters schema); it is left out` };
  const tool = item as Record<string, unknown>;
  const declarations = tool.functionDeclarations ?? tool.function_declarations;
  if (Array.isArray(declarations)) return declarationList(declarations, 'google');
  if (tool.type === 'function' && typeof tool.function === 'object' && tool.function !== null) {
    return declarationList([tool.function], key === 'functions' ? 'openai-functions' : 'openai-tools');
  }
  const named = typeof tool.type === 'string' ? tool.type : Object.keys(tool).find((name) => vendorSideTools.test(name));
  if (named !== undefined && vendorSideTools.test(named)) {
    return { problem: `is the vendor's own tool '${named}', which runs on the vendor's servers; Skill Trainer gives the target only functions it calls by name, so this tool is left out` };
  }
  if (typeof tool.name === 'string') {
    if (tool.input_schema !== undefined) return declarationList([tool], 'anthropic');
    if (typeof tool.type === 'string' && tool.type !== 'function' && tool.type !== 'custom') {
      return { problem: `is the vendor's own tool '${tool.type}', which runs on the vendor's servers; Skill Trainer gives the target only functions it calls by name, so this tool is left out` };
    }
    return declarationList([tool], key === 'functions' ? 'openai-functions' : 'openai-tools');
  }
  return { problem: 'is not a tool definition Skill Trainer reads: give {type: function, function: {name, description, parameters}} (OpenAI), {name, description, input_schema} (Anthropic) or {functionDeclarations: [...]} (Google); it is left out' };
}

function declarationList(declarations: readonly unknown[], shape: ToolOutputShape): ReadTool {
  const definitions: ToolDefinition[] = [];
  for (const declaration of declarations) {
    const fields = (declaration ?? {}) as Record<string, unknown>;
    if (typeof fields.name !== 'string' || fields.name === '') return { problem: 'has a function without a "name"; give each function a name (letters, digits, _ and -); it is left out' };
    const schema = fields.parameters ?? fields.input_schema ?? fields.parametersJsonSchema;
    if (schema !== undefined && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
      return { problem: `gives the function "${fields.name}" parameters that are not a JSON Schema object; it is left out` };
    }
    definitions.push({
      name: fields.name,
      ...(typeof fields.description === 'string' && { description: fields.description }),
      parameters: lowerCaseTypes(schema ?? { type: 'object', properties: {} }) as Record<string, unknown>,
    });
  }
  return { definitions, shape };
}

/** Google writes schema types in capitals (`OBJECT`, `STRING`); JSON Schema wants them lower-case. */
function lowerCaseTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerCaseTypes);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key === 'type' && typeof value === 'string') return [key, value.toLowerCase()];
      if (key === 'type' && Array.isArray(value)) return [key, value.map((item) => (typeof item === 'string' ? item.toLowerCase() : item))];
      return [key, lowerCaseTypes(value)];
    }),
  );
}

/** The output shape promptfoo's provider of this id gives a reply with calls. */
function shapeOfProvider(id: string, key: 'tools' | 'functions'): ToolOutputShape | undefined {
  const vendor = id.split(':')[0]!.toLowerCase();
  if (vendor === 'anthropic') return 'anthropic';
  if (vendor === 'google' || vendor === 'vertex') return 'google';
  if (['openai', 'azure', 'azureopenai', 'groq', 'openrouter', 'deepseek', 'mistral', 'ollama', 'togetherai', 'fireworks', 'perplexity', 'xai', 'cerebras', 'litellm', 'lmstudio', 'vllm', 'localai', 'llamaapi'].includes(vendor)) {
    return key === 'functions' ? 'openai-functions' : 'openai-tools';
  }
  return undefined;
}

/**
 * `tool_choice` (OpenAI: auto, none, required, {type: function, function: {name}};
 * Anthropic: {type: auto|any|none|tool, name}), legacy `function_call`, or Google's
 * `tool_config.function_calling_config` (mode AUTO|ANY|NONE, allowed_function_names).
 */
function readToolChoice(config: Record<string, unknown>, provider: ToolProvider, problems: TaskFileProblems): ToolChoice | undefined {
  const raw = config.tool_choice ?? config.function_call;
  const google = (config.tool_config ?? config.toolConfig) as Record<string, unknown> | undefined;
  const calling = (google?.function_calling_config ?? google?.functionCallingConfig) as Record<string, unknown> | undefined;
  if (raw === undefined && calling === undefined) return undefined;
  if (raw === 'auto' || raw === 'none' || raw === 'required') return raw;
  if (raw === 'any') return 'required';
  if (raw !== undefined && typeof raw === 'object' && raw !== null) {
    const choice = raw as Record<string, unknown>;
    const name = (choice.function as Record<string, unknown> | undefined)?.name ?? choice.name;
    if (typeof name === 'string') return { name };
    if (choice.type === 'auto' || choice.type === 'none') return choice.type;
    if (choice.type === 'any') return 'required';
  }
  if (calling) {
    const mode = String(calling.mode ?? 'AUTO').toUpperCase();
    const allowed = calling.allowed_function_names ?? calling.allowedFunctionNames;
    if (mode === 'ANY' && Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === 'string') return { name: allowed[0] };
    if (mode === 'ANY') return 'required';
    if (mode === 'NONE') return 'none';
    if (mode === 'AUTO') return 'auto';
  }
  const key = raw !== undefined ? (config.tool_choice !== undefined ? 'tool_choice' : 'function_call') : 'tool_config';
  problems.warning([...provider.at, 'config', key], `is ${JSON.stringify(raw ?? calling)}, which Skill Trainer does not read; the target chooses whether to call a tool (auto). Use auto, none, required or {type: function, function: {name}}`);
  return undefined;
}
