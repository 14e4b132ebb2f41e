import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { callFileFunction } from '../../../src/core/scoring/code/call-file-function';
import { CodeTimeoutError } from '../../../src/core/scoring/code/code-timeout-error';
import { PythonWorker } from '../../../src/core/scoring/code/python-worker';
import { pythonInterpreter } from '../../../src/core/scoring/code/run-python';

const folder = mkdtempSync(join(tmpdir(), 'call-file-function-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(folder, name), text);
  return join(folder, name);
};
const options = { timeoutMs: 5_000, pythonFunction: 'main' };

test('a JavaScript function gets every argument and its awaited result comes back', async () => {
  const path = file('join.cjs', 'module.exports = async (a, b) => `${a}+${b.n}`;\nmodule.exports.named = (x) => [x, x];\n');
  assert.equal(await callFileFunction({ path, language: 'javascript' }, ['x', { n: 2 }], options), 'x+2');
  assert.deepEqual(await callFileFunction({ path, language: 'javascript', functionName: 'named' }, [1], options), [1, 1]);
  await assert.rejects(callFileFunction({ path, language: 'javascript', functionName: 'missing' }, [], options), /has no function "missing"/);
  const slow = file('slow.mjs', 'export default () => new Promise(() => {});\n');
  await assert.rejects(callFileFunction({ path: slow, language: 'javascript' }, [], { ...options, timeoutMs: 200 }), CodeTimeoutError);
});

test('a Python function, a class method and a coroutine get JSON arguments, in a process of their own or in a worker', { skip: pythonInterpreter() === null && 'no python3 on this machine' }, async () => {
  const path = file(
    'tools.py',
    'import asyncio\n\ndef main(a, b):\n    print("noise")\n    return {"sum": a + b["n"]}\n\nclass Maker:\n    @staticmethod\n    def make(x):\n        return [x, x]\n\nasync def later(x):\n    await asyncio.sleep(0)\n    return x * 3\n',
  );
  const worker = new PythonWorker();
  try {
    for (const python of [undefined, worker]) {
      const withWorker = { ...options, python };
      assert.deepEqual(await callFileFunction({ path, language: 'python' }, [1, { n: 2 }], withWorker), { sum: 3 });
      assert.deepEqual(await callFileFunction({ path, language: 'python', functionName: 'Maker.make' }, ['y'], withWorker), ['y', 'y']);
      assert.equal(await callFileFunction({ path, language: 'python', functionName: 'later' }, [2], withWorker), 6);
      await assert.rejects(callFileFunction({ path, language: 'python', functionName: 'nowhere' }, [], withWorker), /has no function "nowhere"/);
    }
  } finally {
    worker.close();
  }
});

test('a Python worker runs older prompt scripts, survives a timeout and says why its code failed', { skip: pythonInterpreter() === null && 'no python3 on this machine' }, async () => {
  const script = file('script.py', 'import json, sys\nprint("Hello " + json.loads(sys.argv[1])["name"])\n');
  const slow = file('slow.py', 'import time\n\ndef main():\n    time.sleep(30)\n\ndef broken():\n    raise ValueError("bad row 3")\n');
  const worker = new PythonWorker();
  try {
    assert.equal(await worker.runScript(script, [JSON.stringify({ name: 'Ada' })], 5_000), 'Hello Ada\n');
    await assert.rejects(worker.call(slow, 'main', [], 300), CodeTimeoutError);
    await assert.rejects(worker.call(slow, 'broken', [], 5_000), /the Python code failed: .*ValueError: bad row 3/);
    assert.equal(await worker.runScript(script, [JSON.stringify({ name: 'Bo' })], 5_000), 'Hello Bo\n');
  } finally {
    worker.close();
  }
});
