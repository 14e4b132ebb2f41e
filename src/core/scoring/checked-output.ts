import type { EvalTask } from '../tasks/eval-task';
import type { AssertionContext } from './assertions/assertion-definition';
import { codeCheckContext } from './assertions/code-check-outcome';
import { codeSource, runSuiteCode } from './code/suite-code';

/** An output as checks see it: `value` for code checks, `text` for the rest. */
export interface CheckedOutput {
  text: string;
  /** The text, the parsed JSON of a task that asks for a JSON schema, or what transforms returned. */
  value: unknown;
}

/** A transform that threw or ran too long: the output cannot be checked as the suite meant. */
export class TransformFailedError extends Error {}

/** Wall-time limit for one transform, ms (files may load libraries first). */
const TRANSFORM_TIMEOUT_MS = 30_000;

/**
 * The output of a task as its checks see it: the `shaped` value of a reply with tool
 * calls, or the text parsed as JSON when the task asks for
 * JSON matching a schema (as promptfoo's OpenAI provider does; a reply that does not
 * parse stays text, so `is-json` fails it), then passed through the task's transforms
 * in order. The caller runs this only in trusted workspaces when there are transforms.
 */
export async function checkedOutput(task: EvalTask, output: string, context: AssertionContext, shaped?: unknown): Promise<CheckedOutput> {
  // A reply with tool calls comes as promptfoo's provider gives it (see toolCallOutput); `output` is its text.
  let value: unknown = shaped ?? output;
  if (shaped === undefined && task.outputFormat?.type === 'json-schema') {
    try {
      value = JSON.parse(output);
    } catch {
      value = output;
    }
  }
  // Parsed only: text checks and the judge read the reply as the model wrote it.
  if ((task.transforms ?? []).length === 0) return { text: output, value };
  for (const transform of task.transforms ?? []) value = await transformValue(transform, value, context);
  return asChecked(value);
}

/** What one check sees after its own `transform`. */
export async function transformedFor(transform: string, output: CheckedOutput, context: AssertionContext): Promise<CheckedOutput> {
  return asChecked(await transformValue(transform, output.value, context));
}

async function transformValue(transform: string, value: unknown, context: AssertionContext): Promise<unknown> {
  const code = codeSource(transform, /\.py(:[\w.]+)?$/i.test(transform.trim()) ? 'python' : 'javascript');
  try {
    return await runSuiteCode(code, value, codeCheckContext(context.task), {
      timeoutMs: Math.max(TRANSFORM_TIMEOUT_MS, context.javascriptTimeoutMs),
      skillDirectory: context.skillDirectory,
      pythonFunction: 'get_transform',
    });
  } catch (error) {
    throw new TransformFailedError(`the transform ${JSON.stringify(transform.length > 60 ? `${transform.slice(0, 59)}…` : transform)} failed on this output: ${(error as Error).message}`);
  }
}

function asChecked(value: unknown): CheckedOutput {
  if (typeof value === 'string') return { text: value, value };
  return { text: value === undefined ? '' : JSON.stringify(value), value };
}
