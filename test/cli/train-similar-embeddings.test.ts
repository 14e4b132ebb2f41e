import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, withSimSkill } from './sim-greeter-fixture';

/** A simulated skill whose checks are `similar`: an embedding model decides them, the judge is never asked. */
const evals = {
  skill_name: 'greeter',
  sim: { rules: [{ id: 'name', phrase: 'greet by name', instruction: 'Always greet by name.' }] },
  evals: ['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay'].map((name, index) => ({
    id: `greet-${name.toLowerCase()}`,
    split: index < 4 ? 'train' : 'val',
    prompt: `Greet ${name}.`,
    assert: [{ type: 'similar', value: `Hello ${name}`, threshold: 0.9 }],
    sim: { output: `Hello{{name| ${name}|}}` },
  })),
};

test('train --embedding sim:embedding scores similar checks by embeddings, journals them, and keeps the model in the run config for transfer', () =>
  withSimSkill(async ({ root, cacheDir }) => {
    const { code, stderr } = await cli(root, cacheDir, 'train', 'greeter', '--target', 'sim:target', '--optimizer', 'sim:optimizer', '--embedding', 'sim:embedding', '--epochs', '1');
    assert.equal(code, 0, stderr);
    const runsDirectory = join(root, '.skill-trainer', 'runs');
    const [runId] = await readdir(runsDirectory);
    const config = JSON.parse(await readFile(join(runsDirectory, runId, 'config.json'), 'utf8'));
    assert.equal(config.models.embedding, 'sim:embedding');
    const records = (await readFile(join(runsDirectory, runId, 'calls.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const similar = records.filter((record) => record.label === 'similar' && record.type === 'done');
    assert.ok(similar.length > 0, 'embedding calls are journaled');
    // Each text once per run: the six expected texts and the distinct outputs, never a repeat.
    assert.equal(new Set(similar.map((record) => record.key)).size, similar.length);
    assert.equal(records.filter((record) => record.role === 'judge' && record.label !== 'similar').length, 0, 'the judge was never called');

    // transfer keeps the run's embedding model; --embedding names another (here one without a key: refused before any call).
    const kept = await cli(root, cacheDir, 'transfer', 'greeter', '--targets', 'sim:alpha', '--json');
    assert.equal(kept.code, 0, kept.stderr);
    const other = await cli(root, cacheDir, 'transfer', 'greeter', '--targets', 'sim:alpha', '--embedding', 'openai:text-embedding-3-small');
    assert.equal(other.code, 1);
    assert.match(other.stderr, /No API key for openai/);
  }, evals));
