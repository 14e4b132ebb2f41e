/**
 * Benchmark of a promptfoo suite that builds its tasks with code: how long loading
 * takes when every task's prompt comes from a Python prompt function and a Python
 * variable loader (both run in the loader's one Python worker), and, for comparison,
 * the same Python function called in a process of its own per call (what the loader
 * would cost without the worker). Needs python3.
 *
 *   npm run bench:suite-code -- [--tests 200] [--runs 3]
 *
 * Each figure is the median of the runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { callFileFunction } from '../src/core/scoring/code/call-file-function';
import { pythonInterpreter } from '../src/core/scoring/code/run-python';
import { inspectTaskSet } from '../src/core/tasks/load-task-set';

const { values } = parseArgs({ options: { tests: { type: 'string', default: '200' }, runs: { type: 'string', default: '3' } } });
const testCount = Number(values.tests);
const runs = Number(values.runs);
if (pythonInterpreter() === null) throw new Error('python3 is not on the PATH; this benchmark runs Python suite code');

const root = mkdtempSync(join(tmpdir(), 'suite-code-bench-'));
const skill = join(root, 'bench-skill');
mkdirSync(join(skill, 'evals'), { recursive: true });
writeFileSync(join(skill, 'SKILL.md'), '---\nname: bench-skill\ndescription: benchmark\n---\n# Bench\n');
const tests = Array.from({ length: testCount }, (_, index) => `  - vars: {city: "City ${index}", context: file://context.py}\n    assert: [{type: icontains, value: city}]`).join('\n');
writeFileSync(join(skill, 'evals', 'promptfooconfig.yaml'), `prompts: [file://prompt.py:make]\ntests:\n${tests}\n`);
writeFileSync(join(skill, 'evals', 'prompt.py'), 'def make(context):\n    return [{"role": "user", "content": "About " + context["vars"]["city"] + ": " + context["vars"]["context"]}]\n');
writeFileSync(join(skill, 'evals', 'context.py'), 'def get_var(name, prompt, other_vars):\n    return {"output": "notes on " + other_vars["city"]}\n');

async function medianOf(measure: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) samples.push(await measure());
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

async function main(): Promise<void> {
  const loadMs = await medianOf(async () => {
    const started = performance.now();
    const result = await inspectTaskSet(skill, { runCode: true });
    if (result.taskSet?.tasks.length !== testCount) throw new Error(`expected ${testCount} tasks: ${JSON.stringify(result.problems.slice(0, 3))}`);
    return performance.now() - started;
  });
  const sampleCalls = Math.min(20, testCount);
  const perProcessMs = await medianOf(async () => {
    const started = performance.now();
    for (let call = 0; call < sampleCalls; call++) {
      await callFileFunction({ path: join(skill, 'evals', 'prompt.py'), language: 'python', functionName: 'make' }, [{ vars: { city: 'x', context: 'y' }, provider: { id: 'bench' }, config: {} }], { timeoutMs: 30_000, pythonFunction: 'make' });
    }
    return (performance.now() - started) / sampleCalls;
  });
  const calls = testCount * 2;
  console.log(`suite of ${testCount} tests, ${calls} Python calls (prompt function + variable loader per task), median of ${runs}:`);
  console.log(`  load with the Python worker: ${loadMs.toFixed(0)} ms (${(loadMs / calls).toFixed(1)} ms per call)`);
  console.log(`  one Python process per call: ${perProcessMs.toFixed(1)} ms per call (≈ ${((perProcessMs * calls) / 1000).toFixed(1)} s for this suite)`);
}

main()
  .finally(() => rmSync(root, { recursive: true, force: true }))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
