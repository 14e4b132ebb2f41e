import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAssertionSpec } from '../../../src/core/scoring/assertions/assertion-registry';
import { check } from './assertion-helpers';

test('an expression over output: boolean result', async () => {
  assert.deepEqual(
    [(await check({ type: 'javascript', value: "output.includes('refund')" }, 'a refund')), (await check({ type: 'javascript', value: "output.includes('refund');" }, 'nothing'))].map(
      (result) => [result.pass, result.score, result.reason],
    ),
    [
      [true, 1, 'expected to pass the javascript check; it returned true'],
      [false, 0, 'expected to pass the javascript check; it returned false'],
    ],
  );
});

test('a function body can use context and return {pass, score, reason}', async () => {
  const body = "const words = output.split(' ').length;\nreturn { pass: words <= 3, score: 0.25, reason: `${words} words about ${context.vars.product} in ${context.taskId}` };";
  const result = (await check({ type: 'javascript', value: body }, 'one two'));
  assert.equal(result.pass, true);
  assert.equal(result.score, 0.25);
  assert.equal(result.reason, 'expected to pass the javascript check; it returned pass=true, score=0.25: 2 words about shoes in sample');
});

test('a number is a score: passes when > 0, or at/above the threshold', async () => {
  assert.equal((await check({ type: 'javascript', value: 'output.length / 10' }, 'abcde')).pass, true);
  assert.equal((await check({ type: 'javascript', value: 'output.length / 10' }, 'abcde')).score, 0.5);
  assert.equal((await check({ type: 'javascript', value: 'output.length / 10', threshold: 0.6 }, 'abcde')).pass, false);
  assert.equal((await check({ type: 'javascript', value: '0' }, 'x')).pass, false);
  // Scores outside 0..1 are clamped for the soft score.
  assert.equal((await check({ type: 'javascript', value: '7' }, 'x')).score, 1);
  assert.equal((await check({ type: 'not-javascript', value: 'output.length / 10' }, 'abcde')).score, 0.5);
});

test('errors, timeouts, promises and useless results fail with the reason', async () => {
  assert.equal((await check({ type: 'javascript', value: "throw new Error('boom')" }, 'x')).reason, 'expected to pass the javascript check; it threw Error: boom');
  const slow = (await check({ type: 'javascript', value: 'while (true) {}' }, 'x', { timeoutMs: 50 }));
  assert.equal(slow.pass, false);
  assert.match(slow.reason, /it ran longer than 50 ms and was stopped/);
  // promptfoo's checks may be asynchronous: a Promise is awaited (within the time limit).
  assert.match((await check({ type: 'javascript', value: 'Promise.resolve(true)' }, 'x')).reason, /returned true/);
  assert.match((await check({ type: 'javascript', value: 'await new Promise(() => {}); return true' }, 'x', { timeoutMs: 50 })).reason, /ran longer than 50 ms/);
  assert.match((await check({ type: 'javascript', value: 'const a = 1;' }, 'x')).reason, /it returned undefined; make the code return true\/false/);
});

test('the code runs in its own context: no require, no process', async () => {
  assert.match((await check({ type: 'javascript', value: "typeof require === 'undefined' && typeof process === 'undefined'" }, 'x')).reason, /returned true/);
});

test('in an untrusted workspace the code does not run, and the check says why', async () => {
  const result = (await check({ type: 'javascript', value: "globalThis.ran = true; return true" }, 'x', { trusted: false }));
  assert.equal(result.pass, false);
  assert.match(result.skipped ?? '', /not run: 'javascript' runs code from the eval file, and this workspace is not trusted/);
  assert.match(result.reason, /Trust the workspace \(Workspaces: Manage Workspace Trust\) to run it/);
  // The command line has no trust flag (it always runs trusted): the text names none.
  assert.doesNotMatch(result.reason, /--trust|CLI/);
  assert.equal((globalThis as { ran?: boolean }).ran, undefined);
});

test('code that does not compile is caught when the file loads', async () => {
  assert.match(checkAssertionSpec({ type: 'javascript', value: 'return (' })[0].message, /does not compile/);
  assert.deepEqual(checkAssertionSpec({ type: 'javascript', value: 'file://checks/grade.js:named' }), []);
  assert.match(checkAssertionSpec({ type: 'javascript', value: 'file://check.ts' })[0].message, /points to TypeScript \(check\.ts\), which is not run/);
  assert.deepEqual(checkAssertionSpec({ type: 'javascript', value: 'return output.length > 1' }), []);
});
