/**
 * The fields a piece of JavaScript reads from `output` that a text output does not have:
 * `output.sentiment` or `output[0].functionCall` when the model's reply reaches the code
 * as a string. promptfoo suites written for a provider that returns objects (tool
 * calls, a JSON schema the provider parses, an application's own reply) read such
 * fields; given text, they read `undefined` and the check fails whatever the model
 * wrote, so the loader says so instead of letting the check fail silently.
 */

/** Names a string has: its methods and `length` (`output.includes(...)` is fine on text). */
const stringMembers = new Set([...Object.getOwnPropertyNames(String.prototype), ...Object.getOwnPropertyNames(Object.prototype)]);

export function textOutputFieldReads(code: string): string[] {
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const reads = new Set<string>();
  for (const match of withoutComments.matchAll(/(?<![\w$.])output(\[\d+\])?\.([A-Za-z_$][\w$]*)/g)) {
    if (match[1] !== undefined || !stringMembers.has(match[2])) reads.add(match[0]);
  }
  return [...reads];
}
