/**
 * What the Test Explorer says about a task that failed: one message per failed check,
 * with the expected text beside the output (a diff) for assertions that compare text,
 * the judge's evidence for rubric criteria, the task's expected output beside the
 * output when it has one, and the task's recent results.
 */
import * as vscode from 'vscode';
import type { FailedTask, ScoredTask } from '../../core/evaluation';
import type { CheckResult } from '../../core/scoring';
import type { EvalTask } from '../../core/tasks';
import { uiErrorMessage } from '../message-wording';
import { historyMarks, type TaskResult } from './task-history';

/** The expected text of an assertion that compares the output with text, if it is one. */
function expectedTextOf(task: EvalTask, check: CheckResult): string | undefined {
  const spec = task.assert.find((assertion) => assertion.type === check.name);
  if (!spec) return undefined;
  if (typeof spec.value === 'string') return spec.value;
  if (Array.isArray(spec.value) && spec.value.every((item) => typeof item === 'string')) return spec.value.join('\n');
  return undefined;
}

function markdown(text: string): vscode.MarkdownString {
  const value = new vscode.MarkdownString(text);
  value.supportThemeIcons = true;
  return value;
}

function checkMessage(task: EvalTask, check: CheckResult, output: string): vscode.TestMessage {
  if (check.kind === 'assertion') {
    const expected = expectedTextOf(task, check);
    const text = `${check.name}: ${check.reason}`;
    return expected === undefined ? new vscode.TestMessage(text) : vscode.TestMessage.diff(text, expected, output);
  }
  const kind = check.kind === 'hard' ? 'Hard criterion' : `Soft criterion (weight ${check.weight}, score ${check.score.toFixed(2)})`;
  return new vscode.TestMessage(markdown(`**${kind} failed:** ${check.name}\n\n**The judge's evidence:** ${check.reason}`));
}

/** The messages of a scored task that did not pass every hard check. */
export function failureMessages(task: EvalTask, result: ScoredTask, location: vscode.Location | undefined, history: readonly TaskResult[]): vscode.TestMessage[] {
  const failed = result.score.checks.filter((check) => !check.pass && !check.skipped);
  const messages = failed.map((check) => checkMessage(task, check, result.output));
  if (task.expectedOutput !== undefined) {
    messages.push(vscode.TestMessage.diff('The expected output (left) beside the output (right)', task.expectedOutput, result.output));
  }
  if (messages.length === 0) messages.push(new vscode.TestMessage(`hard 0, soft ${result.score.soft.toFixed(2)}`));
  if (history.length > 1) messages[0] = withHistory(messages[0]!, history);
  for (const message of messages) message.location = location;
  return messages;
}

function withHistory(message: vscode.TestMessage, history: readonly TaskResult[]): vscode.TestMessage {
  const text = typeof message.message === 'string' ? message.message : message.message.value;
  const line = `Recent results (oldest first): ${historyMarks(history)}`;
  const combined = new vscode.TestMessage(typeof message.message === 'string' ? `${text}\n\n${line}` : markdown(`${text}\n\n${line}`));
  combined.expectedOutput = message.expectedOutput;
  combined.actualOutput = message.actualOutput;
  return combined;
}

/** The message of a task whose model call failed: an error of the infrastructure, not a failure of the task. */
export function errorMessage(result: FailedTask, location: vscode.Location | undefined): vscode.TestMessage {
  const message = new vscode.TestMessage(
    `Not scored: the ${result.stage} call failed (${uiErrorMessage(result.error)}). This is not a failure of the task; run it again.`,
  );
  message.location = location;
  return message;
}
