import type Nunjucks from 'nunjucks';

/**
 * promptfoo renders prompts and assertion values with Nunjucks (filters, `{% if %}`,
 * `{% for %}`, `| dump`), so a suite's templates are rendered with the real engine, not
 * an imitation. The environment has no loaders (`{% include %}` cannot read files) and
 * no autoescaping, as in promptfoo. `env` holds the suite's own `env:` map only, never
 * the process environment: a prompt must not carry this machine's secrets to a model.
 */

let engine: typeof Nunjucks | undefined;

/**
 * The Nunjucks module, loaded on first use: it takes about 100 ms to load, which the
 * editor and the command line should not pay at startup for suites they may never read.
 *
 * Nunjucks is not a sandbox: `{{ range.constructor("return process")() }}` reaches
 * JavaScript's Function and runs code. Templates come from the workspace, which may be
 * untrusted, so member lookups of the names that lead there read as undefined.
 */
function nunjucks(): typeof Nunjucks {
  if (engine) return engine;
  const loaded = require('nunjucks') as typeof Nunjucks;
  const runtime = (loaded as unknown as { runtime: { memberLookup: (object: unknown, name: unknown) => unknown } }).runtime;
  const memberLookup = runtime.memberLookup;
  runtime.memberLookup = function (this: unknown, object: unknown, name: unknown): unknown {
    return unreachableMembers.has(String(name)) ? undefined : memberLookup.call(this, object, name);
  };
  return (engine = loaded);
}

const unreachableMembers = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** Functions a suite's `nunjucksFilters` provide, by filter name. */
export type NunjucksFilters = Record<string, (...args: unknown[]) => unknown>;

export interface NunjucksOptions {
  /** The suite's `env:` map, readable as `{{ env.NAME }}`. */
  env?: Record<string, unknown>;
  filters?: NunjucksFilters;
}

/** A template that does not parse or render; `line` is 1-based within the template when known. */
export class TemplateRenderError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Names templates may use without a test setting them. */
const globalNames = new Set(['loop', 'range', 'cycler', 'joiner', 'env', 'caller', 'super']);

const environments = new WeakMap<NunjucksOptions, Nunjucks.Environment>();
const compiledByEnvironment = new WeakMap<Nunjucks.Environment, Map<string, Nunjucks.Template>>();
/** Compiled templates kept per environment; suites repeat a few templates over thousands of tests. */
const MAX_COMPILED = 500;

function environmentFor(options: NunjucksOptions): Nunjucks.Environment {
  let environment = environments.get(options);
  if (environment) return environment;
  environment = new (nunjucks().Environment)([], { autoescape: false, throwOnUndefined: false });
  environment.addGlobal('env', options.env ?? {});
  // promptfoo's own filter: parse a JSON string inside a template.
  environment.addFilter('load', (text: unknown) => JSON.parse(String(text)));
  for (const [name, filter] of Object.entries(options.filters ?? {})) environment.addFilter(name, filter);
  environments.set(options, environment);
  return environment;
}

/** Renders a Nunjucks template. Throws {@link TemplateRenderError} with a readable reason. */
export function renderNunjucks(template: string, vars: Readonly<Record<string, unknown>>, options: NunjucksOptions = {}): string {
  if (!/\{[{%#]/.test(template)) return template;
  const environment = environmentFor(options);
  let compiled = compiledByEnvironment.get(environment);
  if (!compiled) compiledByEnvironment.set(environment, (compiled = new Map()));
  try {
    let compiledTemplate = compiled.get(template);
    if (!compiledTemplate) {
      compiledTemplate = new (nunjucks().Template)(template, environment, undefined, true);
      if (compiled.size >= MAX_COMPILED) compiled.clear();
      compiled.set(template, compiledTemplate);
    }
    return compiledTemplate.render({ ...vars });
  } catch (error) {
    throw templateError(error);
  }
}

/**
 * The variables a template reads that its own tags do not define (loop variables,
 * `{% set %}` targets and macro arguments are left out), in order of first use.
 * Throws {@link TemplateRenderError} when the template does not parse.
 */
export function nunjucksVariables(template: string): string[] {
  if (!/\{[{%]/.test(template)) return [];
  let root: unknown;
  try {
    root = (nunjucks() as unknown as { parser: { parse(source: string): unknown } }).parser.parse(template);
  } catch (error) {
    throw templateError(error);
  }
  const used: string[] = [];
  const bound = new Set<string>();
  collectSymbols(root, used, bound);
  return [...new Set(used)].filter((name) => !bound.has(name) && !globalNames.has(name));
}

interface TemplateNode {
  typename: string;
  fields: string[];
  value?: unknown;
  [field: string]: unknown;
}

function isNode(value: unknown): value is TemplateNode {
  return typeof value === 'object' && value !== null && typeof (value as { typename?: unknown }).typename === 'string';
}

function symbolNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(symbolNames);
  if (!isNode(value)) return [];
  if (value.typename === 'Symbol') return [String(value.value)];
  if (value.typename === 'Array' || value.typename === 'NodeList') return symbolNames(value.children);
  return [];
}

function collectSymbols(value: unknown, used: string[], bound: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectSymbols(item, used, bound);
    return;
  }
  if (!isNode(value)) return;
  const node = value;
  switch (node.typename) {
    case 'Symbol':
      used.push(String(node.value));
      return;
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll':
      for (const name of symbolNames(node.name)) bound.add(name);
      return ['arr', 'body', 'else_'].forEach((field) => collectSymbols(node[field], used, bound));
    case 'Set':
      for (const name of symbolNames(node.targets)) bound.add(name);
      return ['value', 'body'].forEach((field) => collectSymbols(node[field], used, bound));
    case 'Macro':
    case 'Caller':
      for (const name of [...symbolNames(node.name), ...symbolNames(node.args)]) bound.add(name);
      return collectSymbols(node.body, used, bound);
    case 'Filter':
    case 'FilterAsync':
      return collectSymbols(node.args, used, bound);
    case 'FunCall':
      // `range(3)` names a global function; `vars.format()` reads a variable.
      if (!isNode(node.name) || node.name.typename !== 'Symbol') collectSymbols(node.name, used, bound);
      return collectSymbols(node.args, used, bound);
    case 'Pair':
      // `{key: value}` literals: a bare key is a name, not a variable.
      return collectSymbols(node.value, used, bound);
    default:
      for (const field of node.fields) collectSymbols(node[field], used, bound);
  }
}

/** Nunjucks errors read "(unknown path) [Line 2, Column 13]\n  unexpected token: %}". */
function templateError(error: unknown): TemplateRenderError {
  const message = error instanceof Error ? error.message : String(error);
  const lineNumber = (error as { lineno?: unknown } | null)?.lineno;
  const position = typeof lineNumber === 'number' ? [message, String(lineNumber)] : /\[Line (\d+), Column \d+\]/.exec(message);
  const reason = message
    .replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/, '')
    .replace(/^Error:\s*/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  return new TemplateRenderError(reason, position ? Number(position[1]) : undefined);
}
