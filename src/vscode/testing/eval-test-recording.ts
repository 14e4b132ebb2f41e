/**
 * A test run that also records what it reports, for the Test Explorer's internal run
 * command: tests and other extensions cannot read VS Code's test results, so the
 * command answers each task's state and messages itself.
 */
import * as vscode from 'vscode';

/** How one task ended in a recorded run (internal command). */
export interface RecordedResult {
  readonly taskId: string;
  readonly state: 'passed' | 'failed' | 'errored' | 'skipped';
  readonly messages: { readonly text: string; readonly expected?: string; readonly actual?: string; readonly line?: number }[];
}

/** A test run that also records what it reports. */
export function recording(run: vscode.TestRun, record: RecordedResult[]): vscode.TestRun {
  const taskId = (item: vscode.TestItem) => item.id.slice(item.id.lastIndexOf('#') + 1);
  const plain = (messages: vscode.TestMessage | readonly vscode.TestMessage[]) =>
    (Array.isArray(messages) ? messages : [messages]).map((message: vscode.TestMessage) => ({
      text: typeof message.message === 'string' ? message.message : message.message.value,
      expected: message.expectedOutput,
      actual: message.actualOutput,
      line: message.location?.range.start.line,
    }));
  return Object.assign(Object.create(run) as vscode.TestRun, {
    passed: (item: vscode.TestItem, duration?: number) => {
      record.push({ taskId: taskId(item), state: 'passed', messages: [] });
      run.passed(item, duration);
    },
    failed: (item: vscode.TestItem, message: vscode.TestMessage | readonly vscode.TestMessage[], duration?: number) => {
      record.push({ taskId: taskId(item), state: 'failed', messages: plain(message) });
      run.failed(item, message, duration);
    },
    errored: (item: vscode.TestItem, message: vscode.TestMessage | readonly vscode.TestMessage[], duration?: number) => {
      record.push({ taskId: taskId(item), state: 'errored', messages: plain(message) });
      run.errored(item, message, duration);
    },
    skipped: (item: vscode.TestItem) => {
      record.push({ taskId: taskId(item), state: 'skipped', messages: [] });
      run.skipped(item);
    },
    enqueued: (item: vscode.TestItem) => run.enqueued(item),
    started: (item: vscode.TestItem) => run.started(item),
    appendOutput: (output: string, location?: vscode.Location, item?: vscode.TestItem) => run.appendOutput(output, location, item),
    end: () => run.end(),
  });
}
