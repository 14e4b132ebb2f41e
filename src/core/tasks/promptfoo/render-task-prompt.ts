import { relative } from 'node:path';
import type { OutputFormat } from '../eval-task';
import { conversationTranscript } from '../conversation-transcript';
import type { TaskFileProblems } from '../task-file-problems';
import { callPromptFunction } from './call-prompt-function';
import type { PromptTemplate } from './promptfoo-prompts';
import { type ProviderSettings, readResponseFormat } from './promptfoo-providers';
import type { SuiteContext } from './promptfoo-test-tasks';
import type { RawTest } from './promptfoo-tests';
import { nunjucksVariables } from './render-nunjucks';
import { PromptRenderError, type RenderedPrompt, renderPromptfooPrompt } from './render-promptfoo-prompt';

/** What rendering one task's prompt needs from its test and suite. */
export interface RenderTaskContext {
  raw: RawTest;
  /** Where this test's problems go; undefined for all but a test's first expansion (they are said once). */
  problems: TaskFileProblems | undefined;
  suite: SuiteContext;
  /** The test's options (defaultTest's under its own): `prefix`, `suffix`. */
  options: Record<string, unknown>;
  providers: ProviderSettings;
}

/** A rendered prompt, and the reply format a prompt function asked for (`value` undefined: plain text). */
export type RenderedForTask = RenderedPrompt & { format?: { value: OutputFormat | undefined } };

/**
 * The prompt rendered for a test, with `__prefix`/`__suffix` added, or undefined after
 * reporting why it cannot be. A prompt function is called first; what it returns is
 * rendered as promptfoo renders it (a template over the test's variables).
 */
export async function renderTaskPrompt(prompt: PromptTemplate, vars: Record<string, unknown>, taskId: string, context: RenderTaskContext): Promise<RenderedForTask | undefined> {
  const { raw, problems, suite, options } = context;
  const at = [...raw.path, 'vars'];
  let template = prompt.raw;
  let format: RenderedForTask['format'];
  if (prompt.function) {
    const called = await promptFunctionResult(prompt, vars, taskId, context);
    if (!called) return undefined;
    template = called.raw;
    format = called.format;
  }
  let used: string[] = [];
  try {
    used = nunjucksVariables(template);
  } catch {
    // A JSON chat file's text is not one template; its strings are checked when rendered.
  }
  if (used.includes('_conversation') && !('_conversation' in vars)) {
    problems?.error(
      prompt.at,
      `${prompt.label} uses _conversation (the earlier turns of a promptfoo multi-turn run, from tests sharing metadata.conversationId), which Skill Trainer cannot provide: every task runs on its own; write the earlier turns into the prompt as messages`,
    );
    return undefined;
  }
  const missing = used.filter((name) => !(name in vars));
  if (suite.promptsMissing && missing.includes('prompt')) {
    problems?.error(['prompts'], 'is missing: the suite needs "prompts" (e.g. ["Summarise: {{text}}"]), or tests that set the "prompt" variable, which promptfoo\'s default prompt {{prompt}} sends');
    return undefined;
  }
  let rendered: RenderedPrompt;
  try {
    rendered = renderPromptfooPrompt(template, vars, suite.nunjucks);
  } catch (error) {
    if (!(error instanceof PromptRenderError)) throw error;
    const what = prompt.function ? `${prompt.label} returned a prompt that` : prompt.label;
    problems?.error(error.line === undefined ? at : prompt.at, `${what} ${error.message}${error.line === undefined ? '' : ` (line ${error.line} of the prompt)`}`);
    return undefined;
  }
  rendered = withPrefixAndSuffix(rendered, options);
  if (rendered.text.trim() === '') {
    problems?.error(at, `${prompt.label} renders as empty text for this test; set the variables it uses or write a non-empty prompt`);
    return undefined;
  }
  if (missing.length > 0) {
    problems?.warning(at, `${prompt.label} uses ${missing.map((name) => `{{${name}}}`).join(', ')}, which this test does not set; it renders as empty text`);
  }
  return { ...rendered, ...(format && { format }) };
}

/**
 * Calls a prompt function for one task. A `response_format` in the config it returns
 * decides the task's reply format (`{type: text}`: plain text). Failures are collected
 * at the prompt, one error per prompt with how many tasks failed.
 */
async function promptFunctionResult(
  prompt: PromptTemplate,
  vars: Record<string, unknown>,
  taskId: string,
  context: RenderTaskContext,
): Promise<{ raw: string; format?: RenderedForTask['format'] } | undefined> {
  const { suite } = context;
  const code = prompt.function!;
  const name = `${relative(suite.root, code.path).split('\\').join('/')}${code.functionName ? `:${code.functionName}` : ''}`;
  try {
    const result = await callPromptFunction(code, { vars, provider: context.providers.first ?? { id: 'skill-trainer-target' }, config: prompt.config ?? {} }, suite.python);
    if (result.config?.response_format === undefined) return { raw: result.raw };
    const format = readResponseFormat(result.config.response_format);
    if (typeof format === 'string') {
      suite.failures.add(suite.problems, prompt.at, taskId, `the prompt function ${name} returned a config whose ${format.replace(/; it is ignored$/, '')}; fix the response_format it returns`);
      return undefined;
    }
    return { raw: result.raw, format: { value: format } };
  } catch (error) {
    suite.failures.add(suite.problems, prompt.at, taskId, `the prompt function ${name} failed: ${(error as Error).message}`);
    return undefined;
  }
}

/** promptfoo's `options.prefix` / `suffix` (CSV `__prefix`, `__suffix`) go around the prompt; in a conversation, around its last user turn. */
function withPrefixAndSuffix(rendered: RenderedPrompt, options: Record<string, unknown>): RenderedPrompt {
  const prefix = typeof options.prefix === 'string' ? options.prefix : '';
  const suffix = typeof options.suffix === 'string' ? options.suffix : '';
  if (prefix === '' && suffix === '') return rendered;
  if (!rendered.messages) return { text: `${prefix}${rendered.text}${suffix}` };
  const last = rendered.messages.map((message) => message.role).lastIndexOf('user');
  const messages = rendered.messages.map((message, index) => (index === last ? { ...message, content: `${prefix}${message.content}${suffix}` } : message));
  return { text: conversationTranscript(messages), messages };
}
