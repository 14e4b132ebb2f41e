import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { callFileFunction } from '../../../src/core/scoring/code/call-file-function';
import { CodeTimeoutError } from '../../../src/core/scoring/code/code-timeout-error';
import { pythonInterpreter, runPythonScript } from '../../../src/core/scoring/code/run-python';

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

test('a Python function, a class method and a coroutine get JSON arguments', { skip: pythonInterpreter() === null && 'no python3 on this machine' }, async () => {
  const path = file(
    'tools.py',
    'import asyncio\n\ndef main(a, b):\n    print("noise")\n    return {"sum": a + b["n"]}\n\nclass Maker:\n    @staticmethod\n    def make(x):\n        return [x, x]\n\nasync def later(x):\n    await asyncio.sleep(0)\n    return x * 3\n',
  );
  assert.deepEqual(await callFileFunction({ path, language: 'python' }, [1, { n: 2 }], options), { sum: 3 });
  assert.deepEqual(await callFileFunction({ path, language: 'python', functionName: 'Maker.make' }, ['y'], options), ['y', 'y']);
  assert.equal(await callFileFunction({ path, language: 'python', functionName: 'later' }, [2], options), 6);
  await assert.rejects(callFileFunction({ path, language: 'python', functionName: 'nowhere' }, [], options), /has no function "nowhere"/);
  const script = file('script.py', 'import json, sys\nprint("Hello " + json.loads(sys.argv[1])["name"])\n');
  assert.equal(await runPythonScript(script, [JSON.stringify({ name: 'Ada' })], 5_000), 'Hello Ada\n');
});
